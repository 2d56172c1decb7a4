import { z } from 'zod';
import { isPlainObject } from '../plain-object';

/** A value a submitted form field may have. */
export type FormFieldValue = string | number | boolean | null;

/**
 * Field names MongoDB can store and query safely: not empty, not starting with `$` (operators),
 * without `.` (paths) or NUL, and not `__proto__` (which JavaScript objects cannot hold as a plain key).
 */
export const FORM_FIELD_NAME_PATTERN = /^(?!\$)(?!__proto__$)[^.\u0000]+$/;

/**
 * The fields of a submitted form: an object of string keys to string, number, boolean or null.
 *
 * A key that MongoDB could not store safely (see {@link FORM_FIELD_NAME_PATTERN}) is an
 * `invalid_format` issue at that key's path, e.g. `data.form.$where`. A value of another type is an
 * `invalid_type` issue at its path. Written as a custom check over the object's own keys because
 * `z.record` mishandles objects with a `constructor` or `__proto__` key.
 */
export const formFields = z
  .custom<Record<string, FormFieldValue>>()
  .superRefine((value, context) => {
    if (!isPlainObject(value)) {
      context.addIssue({
        code: 'custom',
        message: 'must be an object',
        input: value,
        params: { issueCode: 'invalid_type' },
      });
      return;
    }
    for (const key of Object.keys(value)) {
      if (!FORM_FIELD_NAME_PATTERN.test(key)) {
        context.addIssue({
          code: 'custom',
          path: [key],
          message:
            'is not an allowed form field name (it must not be empty or "__proto__", start with "$", or contain "." or NUL)',
          input: key,
          params: { issueCode: 'invalid_format' },
        });
      }
      const field: unknown = value[key];
      if (!isFormFieldValue(field)) {
        context.addIssue({
          code: 'custom',
          path: [key],
          message: 'must be a string, number, boolean or null',
          input: field,
          params: { issueCode: 'invalid_type' },
        });
      }
    }
  })
  .meta({
    type: 'object',
    propertyNames: { pattern: FORM_FIELD_NAME_PATTERN.source },
    additionalProperties: { type: ['string', 'number', 'boolean', 'null'] },
    description: 'Submitted form fields: names to string, number, boolean or null values',
  });

function isFormFieldValue(value: unknown): value is FormFieldValue {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}
