import { z } from 'zod';
import { isPlainObject } from '../plain-object';
import { defineEventType, type EventType } from './event-type';

/** Thrown when a JSON Schema cannot describe the `data` of an event type. */
export class EventTypeSchemaError extends Error {
  override readonly name = 'EventTypeSchemaError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** True when `error` is an {@link EventTypeSchemaError} (also across bundles). */
export function isEventTypeSchemaError(error: unknown): error is EventTypeSchemaError {
  return error instanceof Error && error.name === 'EventTypeSchemaError';
}

/** An event type described by a JSON Schema of its `data`, as the team registers it at run time. */
export interface JsonSchemaEventTypeDefinition {
  category: string;
  name: string;
  /** The JSON Schema (draft 2020-12, or draft-07 with its `$schema`) of `data`. */
  dataSchema: unknown;
  /** One sentence for humans; the schema's `description`, else a generic one, when omitted. */
  description?: string;
}

/** Top-level keywords that would make `data` something other than one plain object schema. */
const UNSUPPORTED_AT_TOP = [
  '$ref',
  'anyOf',
  'oneOf',
  'allOf',
  'not',
  'enum',
  'const',
  'if',
  'then',
  'else',
  'patternProperties',
  'propertyNames',
  'minProperties',
  'maxProperties',
  'unevaluatedProperties',
  'dependentSchemas',
  'dependentRequired',
  'default',
  'nullable',
  'readOnly',
] as const;

/**
 * Makes every object schema inside `schema` strict unless it says otherwise: an object schema with
 * neither `additionalProperties` nor `patternProperties` gets `additionalProperties: false`, so
 * keys it does not name are `unexpected_field` at every depth, as in the built-in types. Returns a
 * copy; `schema` is not changed.
 */
export function strictDataSchema(schema: Record<string, unknown>): Record<string, unknown> {
  return strictCopy(schema) as Record<string, unknown>;
}

function strictCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strictCopy);
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    // Values of these keywords are instance data, not schemas: leave them exactly as written.
    copy[key] = key === 'const' || key === 'enum' || key === 'default' || key === 'examples' ? child : strictCopy(child);
  }
  const isObjectSchema = copy['type'] === 'object' || (Array.isArray(copy['type']) && copy['type'].includes('object'));
  if (isObjectSchema && copy['additionalProperties'] === undefined && copy['patternProperties'] === undefined) {
    copy['additionalProperties'] = false;
  }
  return copy;
}

/**
 * Checks that `schema` can be the JSON Schema of an event type's `data` and returns it in the form
 * that is stored and shown: a strict copy ({@link strictDataSchema}).
 *
 * It must be one object schema (`"type": "object"`) whose unknown keys are invalid: its
 * `additionalProperties` is `false` or left out (then set to `false`); composition (`anyOf`,
 * `$ref`, ...) and key-name keywords are refused at the top level, where they would make unknown
 * keys pass or hide them from the issue list. Nested schemas may use what `z.fromJSONSchema`
 * supports.
 *
 * @throws {@link EventTypeSchemaError} naming what is wrong.
 */
export function normalizeDataSchema(schema: unknown): Record<string, unknown> {
  if (!isPlainObject(schema)) throw new EventTypeSchemaError('the data schema must be a JSON object (a JSON Schema)');
  if (schema['type'] !== 'object') {
    throw new EventTypeSchemaError('the data schema must have "type": "object" (data is always an object)');
  }
  const additional = schema['additionalProperties'];
  if (additional !== undefined && additional !== false) {
    throw new EventTypeSchemaError(
      'the data schema must not allow unknown keys: set "additionalProperties": false (or leave it out)',
    );
  }
  const unsupported = UNSUPPORTED_AT_TOP.filter((key) => schema[key] !== undefined);
  if (unsupported.length > 0) {
    throw new EventTypeSchemaError(
      `the data schema must be one plain object schema; not supported at its top level: ${unsupported.join(', ')}`,
    );
  }
  return strictDataSchema(schema);
}

/**
 * Builds an event type from a JSON Schema of its `data` with `z.fromJSONSchema`, after
 * {@link normalizeDataSchema}. Its issues map to the contract's codes like the built-ins' do:
 * a missing required key is `required`, a wrong type `invalid_type`, a failed `format`, `pattern`,
 * `enum`, `minLength` or range `invalid_format`, a string over `maxLength` `too_long`, and each
 * unknown key `unexpected_field`.
 *
 * @throws {@link EventTypeSchemaError} when the schema is not usable (see {@link normalizeDataSchema})
 * or zod cannot convert it (e.g. a `$ref` to a missing definition).
 */
export function eventTypeFromJsonSchema(definition: JsonSchemaEventTypeDefinition): EventType {
  const { category, name } = definition;
  if (category === '' || name === '') throw new EventTypeSchemaError('category and name must not be empty');
  const schema = normalizeDataSchema(definition.dataSchema);
  let data: z.ZodType;
  try {
    // A registry of its own: converting again on every refresh must not collide on `$id`s or
    // keep metadata alive in zod's global registry.
    data = z.fromJSONSchema(schema as z.core.JSONSchema.JSONSchema, { registry: z.registry() });
  } catch (error) {
    throw new EventTypeSchemaError(`the data schema cannot be used: ${(error as Error).message}`, { cause: error });
  }
  if (!(data instanceof z.ZodObject) || data.def.catchall?._zod.def.type !== 'never') {
    throw new EventTypeSchemaError('the data schema must describe one object whose unknown keys are invalid');
  }
  const description =
    definition.description ??
    (typeof schema['description'] === 'string' ? schema['description'] : `Registered event type ${category} / ${name}.`);
  return defineEventType({ category, name, description, data });
}
