/**
 * The issue codes `GET /v1/errors?code=` accepts, for the errors view's filter. The list lives in
 * `@eye/validators`; the explorer keeps a copy (importing that library would bring its schemas
 * into the browser bundle) and `issue-codes.spec.ts` keeps the two equal.
 */
export const ISSUE_CODES = ['required', 'invalid_type', 'invalid_format', 'too_long', 'future_timestamp', 'unknown_event_type', 'unexpected_field', 'too_large', 'too_deep', 'unstorable'] as const;
