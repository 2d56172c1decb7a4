/** Every code an {@link Issue} can carry, in the order the API contract lists them. */
export const ISSUE_CODES = [
  'required',
  'invalid_type',
  'invalid_format',
  'too_long',
  'future_timestamp',
  'unknown_event_type',
  'unexpected_field',
  'too_large',
  'too_deep',
  'unstorable',
] as const;

/** Why an event is invalid, as a stable machine-readable code. */
export type IssueCode = (typeof ISSUE_CODES)[number];

/**
 * One reason an event is invalid.
 *
 * `path` is dotted from the event's top level (`data.host`, `data.form.email`) and empty for the
 * event as a whole; `message` is a short sentence for humans and may change between versions.
 */
export interface Issue {
  path: string;
  code: IssueCode;
  message: string;
}

/** True when `value` is one of {@link ISSUE_CODES}. */
export function isIssueCode(value: unknown): value is IssueCode {
  return (ISSUE_CODES as readonly unknown[]).includes(value);
}

/** Builds an issue whose message reads `<path> <phrase>`, or just the phrase for the whole event. */
export function issueAt(path: string, code: IssueCode, phrase: string): Issue {
  return { path, code, message: path === '' ? phrase : `${path} ${phrase}` };
}
