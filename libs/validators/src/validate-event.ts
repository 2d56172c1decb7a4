import { checkEnvelope, type EnvelopeFields } from './envelope';
import { issueAt, type Issue } from './issues';
import { defaultRegistry, type EventTypeRegistry } from './registry';
import { isPlainObject } from './plain-object';
import { storabilityIssues } from './storable';
import { issuesFromZod } from './zod-issues';

/** Default largest event, in UTF-8 bytes of its JSON: 64 KiB. */
export const DEFAULT_MAX_EVENT_BYTES = 64 * 1024;

/** What validation needs to know besides the event. */
export interface ValidateOptions {
  /** When The Eye received the event, in microseconds since the Unix epoch. */
  receivedAtMicros: number;
  /** How far (milliseconds) a timestamp may be ahead of `receivedAtMicros` (the contract's default is 60 000). */
  clockSkewMs: number;
  /** The event types to accept; the built-ins when omitted. */
  registry?: EventTypeRegistry;
  /** Largest raw event in UTF-8 bytes; {@link DEFAULT_MAX_EVENT_BYTES} when omitted. Only {@link validateEventJson} checks it. */
  maxEventBytes?: number;
}

/** A valid event in The Eye's own terms. */
export interface NormalizedEvent {
  /** The client's idempotency key, when it sent one. */
  eventId?: string;
  sessionId: string;
  category: string;
  name: string;
  /** The event's data as its schema parsed it. */
  data: Record<string, unknown>;
  /** UTC, six fraction digits: `2021-01-01T09:15:27.243860Z`. */
  timestamp: string;
  /** The same instant as integer microseconds since the Unix epoch. */
  timestampMicros: number;
}

/** Envelope fields of an invalid event that passed their own checks (for filtering invalid events). */
export interface KnownEventFields {
  eventId?: string;
  sessionId?: string;
  category?: string;
  name?: string;
}

/** The verdict on one event: the normalized event, or every issue found (at least one). */
export type ValidationResult =
  | { valid: true; event: NormalizedEvent }
  | { valid: false; issues: Issue[]; known: KnownEventFields };

let sharedDefaultRegistry: EventTypeRegistry | undefined;

/**
 * Validates an event as sent: its raw JSON text.
 *
 * Over `maxEventBytes` UTF-8 bytes it is `too_large` (nothing else is checked); text that is not
 * JSON is `invalid_format`; otherwise the parsed value is checked by {@link validateEvent}.
 * Never throws for any text.
 */
export function validateEventJson(rawJson: string, options: ValidateOptions): ValidationResult {
  const maxBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  if (Buffer.byteLength(rawJson, 'utf8') > maxBytes) {
    return invalid([issueAt('', 'too_large', `The event is larger than ${maxBytes} bytes.`)]);
  }
  let value: unknown;
  try {
    value = JSON.parse(rawJson);
  } catch {
    return invalid([issueAt('', 'invalid_format', 'The event is not valid JSON.')]);
  }
  return validateEvent(value, options);
}

/**
 * Validates a parsed event against the contract and the schema registered for its type,
 * collecting every issue.
 *
 * Issues come in a fixed order: the fields `event_id`, `session_id`, `category`, `name`, `data`,
 * `timestamp`; then each unexpected top-level key in the order sent; then what in `data` could not
 * be stored as sent (keys `_bsontype`, `$...`, with `.` or NUL; unpaired surrogates; numbers
 * beyond a double; nesting deeper than 32 levels), by path; then `unknown_event_type`
 * (path empty, as it concerns `category` and `name` together) or the issues inside `data`, which
 * are checked only when `category` and `name` name a registered type and `data` is an object.
 * Never throws for any JSON value.
 */
export function validateEvent(value: unknown, options: ValidateOptions): ValidationResult {
  if (!isPlainObject(value)) {
    return invalid([issueAt('', 'invalid_type', 'The event must be a JSON object.')]);
  }
  const latestTimestampMicros = options.receivedAtMicros + options.clockSkewMs * 1000;
  const { fields, issues } = checkEnvelope(value, { latestTimestampMicros });
  let data = fields.data;
  const unstorable = data === undefined ? [] : storabilityIssues(data);
  issues.push(...unstorable);

  if (fields.category !== undefined && fields.name !== undefined) {
    const registry = options.registry ?? (sharedDefaultRegistry ??= defaultRegistry());
    const type = registry.get(fields.category, fields.name);
    if (type === undefined) {
      issues.push(
        issueAt(
          '',
          'unknown_event_type',
          `No event type is registered for category "${fields.category}" and name "${fields.name}".`,
        ),
      );
    } else if (data !== undefined && !unstorable.some((issue) => issue.code === 'too_deep')) {
      // A value nested too deep is not handed to the schema: its parser recurses.
      const parsed = type.data.safeParse(data);
      if (parsed.success) data = parsed.data;
      else issues.push(...withoutRepeats(issues, issuesFromZod(parsed.error.issues, data, 'data')));
    }
  }

  const event = issues.length === 0 ? normalizedEvent({ ...fields, data }) : undefined;
  if (event === undefined) {
    const { eventId, sessionId, category, name } = fields;
    return invalid(issues, { eventId, sessionId, category, name });
  }
  return { valid: true, event };
}

/** The event in The Eye's terms, once every required field has passed its checks. */
function normalizedEvent(fields: EnvelopeFields): NormalizedEvent | undefined {
  const { eventId, sessionId, category, name, data, timestamp } = fields;
  if (sessionId === undefined || category === undefined || name === undefined) return undefined;
  if (data === undefined || timestamp === undefined) return undefined;
  return {
    ...(eventId === undefined ? {} : { eventId }),
    sessionId,
    category,
    name,
    data,
    timestamp: timestamp.iso,
    timestampMicros: timestamp.micros,
  };
}

/** `found` without issues at paths `known` already reports, e.g. a form key both checks refuse. */
function withoutRepeats(known: readonly Issue[], found: readonly Issue[]): Issue[] {
  const seen = new Set(known.map((issue) => issue.path));
  return found.filter((issue) => !seen.has(issue.path));
}

function invalid(issues: Issue[], known: KnownEventFields = {}): ValidationResult {
  const definedKnown = Object.fromEntries(
    Object.entries(known).filter(([, field]) => field !== undefined),
  ) as KnownEventFields;
  return { valid: false, issues, known: definedKnown };
}
