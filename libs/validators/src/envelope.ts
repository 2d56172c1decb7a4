import { issueAt, type Issue } from './issues';
import { isPlainObject } from './plain-object';
import { hasLoneSurrogate } from './storable';
import { parseEventTimestamp, type EventTimestamp } from './timestamp';

/** The six top-level keys an event may have, in the order their issues are reported. */
export const EVENT_FIELDS = ['event_id', 'session_id', 'category', 'name', 'data', 'timestamp'] as const;

/**
 * Most characters (Unicode code points, as JSON Schema's `maxLength` counts them) allowed in
 * `event_id`, `session_id`, `category` and `name`.
 */
export const MAX_EVENT_FIELD_LENGTH = 128;

/** Control characters: a key with one could not travel as a message header or be stored everywhere. */
const CONTROL_CHARACTER = /[\u0000-\u001F\u007F]/;

/**
 * True when `value` can be kept as the client's idempotency key: a string of 1..128 characters,
 * without control characters or unpaired surrogates (which no message header or database key
 * could carry exactly). Anything else gets a server-made id, and the event an issue at `event_id`.
 */
export function isValidClientEventId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    !isLongerThan(value, MAX_EVENT_FIELD_LENGTH) &&
    !CONTROL_CHARACTER.test(value) &&
    !hasLoneSurrogate(value)
  );
}

/** The envelope fields that passed their checks; `data` is a plain object when present. */
export interface EnvelopeFields {
  eventId?: string;
  sessionId?: string;
  category?: string;
  name?: string;
  data?: Record<string, unknown>;
  timestamp?: EventTimestamp;
}

/** Where and when the envelope is checked. */
export interface EnvelopeCheckOptions {
  /** Latest instant (microseconds since the epoch) a timestamp may name. */
  latestTimestampMicros: number;
}

/**
 * Checks the top-level fields of an event object: the six known ones in {@link EVENT_FIELDS}
 * order, then one `unexpected_field` issue per other key in the order sent.
 */
export function checkEnvelope(
  event: Record<string, unknown>,
  options: EnvelopeCheckOptions,
): { fields: EnvelopeFields; issues: Issue[] } {
  const issues: Issue[] = [];
  const fields: EnvelopeFields = {};
  const keep = <K extends keyof EnvelopeFields>(key: K, checked: Checked<EnvelopeFields[K]>): void => {
    if (checked.issue) issues.push(checked.issue);
    else if (checked.value !== undefined) fields[key] = checked.value;
  };

  keep('eventId', checkText(event, 'event_id', false));
  keep('sessionId', checkText(event, 'session_id', true));
  keep('category', checkText(event, 'category', true));
  keep('name', checkText(event, 'name', true));
  keep('data', checkData(event));
  keep('timestamp', checkTimestamp(event, options.latestTimestampMicros));

  for (const key of Object.keys(event)) {
    if (!(EVENT_FIELDS as readonly string[]).includes(key)) {
      issues.push(issueAt(key, 'unexpected_field', 'is not an event field'));
    }
  }
  return { fields, issues };
}

type Checked<T> = { value?: T; issue?: Issue };

function checkText(event: Record<string, unknown>, key: string, required: boolean): Checked<string> {
  const value = ownValue(event, key);
  if (value === undefined) return required ? { issue: issueAt(key, 'required', 'is required') } : {};
  if (typeof value !== 'string') return { issue: issueAt(key, 'invalid_type', 'must be a string') };
  if (value.length === 0) return { issue: issueAt(key, 'invalid_format', 'must not be empty') };
  if (isLongerThan(value, MAX_EVENT_FIELD_LENGTH)) {
    return { issue: issueAt(key, 'too_long', `must be at most ${MAX_EVENT_FIELD_LENGTH} characters`) };
  }
  // What a database could not store exactly as sent (and, in an id, no message header could carry).
  if (hasLoneSurrogate(value)) return { issue: issueAt(key, 'invalid_format', 'must not contain an unpaired UTF-16 surrogate') };
  if (value.includes('\u0000')) return { issue: issueAt(key, 'invalid_format', 'must not contain a NUL character') };
  if (key === 'event_id' && CONTROL_CHARACTER.test(value)) return { issue: issueAt(key, 'invalid_format', 'must not contain control characters') };
  return { value };
}

function checkData(event: Record<string, unknown>): Checked<Record<string, unknown>> {
  const value = ownValue(event, 'data');
  if (value === undefined) return { issue: issueAt('data', 'required', 'is required') };
  if (!isPlainObject(value)) return { issue: issueAt('data', 'invalid_type', 'must be an object') };
  return { value };
}

function checkTimestamp(event: Record<string, unknown>, latestMicros: number): Checked<EventTimestamp> {
  const value = ownValue(event, 'timestamp');
  if (value === undefined) return { issue: issueAt('timestamp', 'required', 'is required') };
  if (typeof value !== 'string') return { issue: issueAt('timestamp', 'invalid_type', 'must be a string') };
  const timestamp = parseEventTimestamp(value);
  if (timestamp === null) {
    return {
      issue: issueAt(
        'timestamp',
        'invalid_format',
        'must be an RFC 3339 date-time between the years 1700 and 2200, such as 2021-01-01T09:15:27.243860Z',
      ),
    };
  }
  if (timestamp.micros > latestMicros) {
    return {
      issue: issueAt('timestamp', 'future_timestamp', 'is later than the time received plus the allowed clock skew'),
    };
  }
  return { value: timestamp };
}

/** The value of an own property; inherited ones such as `constructor` count as absent. */
function ownValue(object: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** Counts code points, not UTF-16 units, and stops as soon as the answer is known. */
function isLongerThan(text: string, maxCharacters: number): boolean {
  if (text.length <= maxCharacters) return false;
  if (text.length > 2 * maxCharacters) return true;
  let count = 0;
  for (const _ of text) {
    count += 1;
    if (count > maxCharacters) return true;
  }
  return false;
}
