import { ERROR_CODES } from '@eye/rpc';
import { defaultRegistry, eventTypeJsonSchemas, ISSUE_CODES, MAX_EVENTS_PER_BATCH } from '@eye/validators';
import { CHALLENGE_EVENTS, CTA_CLICK_EXAMPLE, EXAMPLE_EVENT_ID, EXAMPLE_RECEIVED_AT, EXAMPLE_SESSION_ID, INVALID_EVENT_EXAMPLE, STORED_EVENT_EXAMPLE } from './examples';
import { z } from './zod';

/** Bodies and answers of the REST contract. The gateway's responses are typed by these schemas. */

export const errorBody = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES).openapi({ description: 'Stable; branch on this.' }),
      message: z.string().openapi({ description: 'For humans; may change.' }),
      details: z.array(z.unknown()).optional(),
    }),
  })
  .openapi('Error', { example: { error: { code: 'invalid_query', message: 'order: must be asc or desc', details: [{ path: 'order', message: 'must be asc or desc' }] } } });

export const issue = z
  .object({
    path: z.string().openapi({ description: 'Dotted (`data.host`); empty for the whole event.' }),
    code: z.enum(ISSUE_CODES),
    message: z.string(),
  })
  .openapi('Issue');

/** The trace of the request that carried an event, where tracing was on. */
const traceId = z
  .string()
  .regex(/^[0-9a-f]{32}$/)
  .optional()
  .openapi({ description: 'The trace of the request that carried the event (32 lowercase hex digits), where tracing was on: see it in Jaeger at `/trace/<trace_id>`.' });

const documented = (schema: Record<string, unknown>) => z.unknown().optional().openapi(schema);

/**
 * One event as applications send it. The gateway accepts any JSON object (validation happens
 * afterwards, and an invalid event is recorded with its issues), so every field is documented
 * with the type a valid event has rather than enforced here.
 */
export const eventInput = z
  .looseObject({
    event_id: documented({ type: 'string', minLength: 1, maxLength: 128, description: 'Optional idempotency key, unique per application (send a UUID). Without it the server makes one.' }),
    session_id: documented({ type: 'string', minLength: 1, maxLength: 128, description: 'Required for a valid event.', example: EXAMPLE_SESSION_ID }),
    category: documented({ type: 'string', minLength: 1, description: 'Required for a valid event.', example: 'page interaction' }),
    name: documented({ type: 'string', minLength: 1, description: 'Required for a valid event.', example: 'cta click' }),
    data: documented({ type: 'object', description: 'Required; checked against the schema of `category` + `name` (`x-event-types` lists them).', example: CTA_CLICK_EXAMPLE.data }),
    timestamp: documented({ type: 'string', format: 'date-time', description: 'Required. RFC 3339 / ISO 8601; UTC without an offset; microseconds kept exactly; not in the future.', example: CTA_CLICK_EXAMPLE.timestamp }),
  })
  .openapi('EventInput', {
    description: 'Any JSON object is accepted into the pipeline; a valid event has exactly these six keys (`event_id` optional).',
    example: CTA_CLICK_EXAMPLE,
    // The built-in event types as JSON Schema (draft 2020-12), from the validator itself.
    'x-event-types': eventTypeJsonSchemas(defaultRegistry()),
  });

/** `POST /v1/events/batch`: 1 to 500 JSON objects (the write routes check bodies with it). */
export const batchInput = z
  .strictObject({ events: z.array(eventInput).min(1).max(MAX_EVENTS_PER_BATCH) })
  .openapi('EventBatch', { example: { events: CHALLENGE_EVENTS } });

export const accepted = z
  .object({ accepted: z.number().int(), ids: z.array(z.string()).openapi({ description: 'In the order sent.' }) })
  .openapi('Accepted', { example: { accepted: 1, ids: [EXAMPLE_EVENT_ID] } });

export const validation = z
  .object({ valid: z.boolean(), issues: z.array(issue).optional() })
  .openapi('ValidationResult', { example: { valid: false, issues: INVALID_EVENT_EXAMPLE.issues } });

export const storedEvent = z
  .object({
    id: z.string(),
    application: z.string().openapi({ description: 'The name of the application that sent it.' }),
    session_id: z.string(),
    category: z.string(),
    name: z.string(),
    data: z.record(z.string(), z.unknown()),
    timestamp: z.string().openapi({ format: 'date-time', description: 'UTC, six fraction digits.' }),
    received_at: z.string().openapi({ format: 'date-time' }),
    trace_id: traceId,
  })
  .openapi('StoredEvent', { example: STORED_EVENT_EXAMPLE });

const nextCursor = z.string().nullable().openapi({ description: 'Pass as `cursor` for the next page; null after the last page.' });

export const eventPage = z.object({ events: z.array(storedEvent), next_cursor: nextCursor }).openapi('EventPage');

export const sessionSummary = z
  .object({
    session_id: z.string(),
    first_seen: z.string().openapi({ format: 'date-time', description: 'The earliest event `timestamp`.' }),
    last_seen: z.string().openapi({ format: 'date-time', description: 'The latest event `timestamp`.' }),
    event_count: z.number().int(),
    categories: z.array(z.string()),
    applications: z.array(z.string()),
  })
  .openapi('Session', {
    description: 'Over the session’s valid events.',
    example: {
      session_id: EXAMPLE_SESSION_ID,
      first_seen: '2021-01-01T09:15:27.243860Z',
      last_seen: '2021-01-01T09:15:27.243860Z',
      event_count: 3,
      categories: ['form interaction', 'page interaction'],
      applications: ['consumeraffairs-web'],
    },
  });

export const invalidEvent = z
  .object({
    id: z.string().openapi({ description: 'The event id as returned in `ids`.' }),
    application: z.string(),
    received_at: z.string().openapi({ format: 'date-time' }),
    session_id: z.string().optional(),
    category: z.string().optional(),
    name: z.string().optional(),
    issues: z.array(issue),
    raw: z.unknown().openapi({ description: 'The event exactly as sent.' }),
    resolved_at: z
      .string()
      .optional()
      .openapi({ format: 'date-time', description: 'Set once `eye errors replay` found the event valid (e.g. after its type was registered) and stored it.' }),
    trace_id: traceId,
  })
  .openapi('InvalidEvent', { example: INVALID_EVENT_EXAMPLE });

export const errorPage = z.object({ errors: z.array(invalidEvent), next_cursor: nextCursor }).openapi('InvalidEventPage');

export const stats = z
  .object({
    from: z.string().openapi({ format: 'date-time' }),
    to: z.string().openapi({ format: 'date-time' }),
    valid: z.number().int(),
    invalid: z.number().int(),
    by_type: z
      .array(z.object({ category: z.string(), name: z.string(), valid: z.number().int(), invalid: z.number().int() }))
      .openapi({ description: 'By `category` + `name`, sorted. Invalid events without a string category and name count only in `invalid`.' }),
  })
  .openapi('Stats', {
    example: {
      from: '2025-12-31T12:00:00.123000Z',
      to: EXAMPLE_RECEIVED_AT,
      valid: 3,
      invalid: 1,
      by_type: [
        { category: 'form interaction', name: 'submit', valid: 1, invalid: 0 },
        { category: 'page interaction', name: 'cta click', valid: 1, invalid: 0 },
        { category: 'page interaction', name: 'pageview', valid: 1, invalid: 1 },
      ],
    },
  });

export type StoredEventJson = z.infer<typeof storedEvent>;
export type EventPageJson = z.infer<typeof eventPage>;
export type SessionJson = z.infer<typeof sessionSummary>;
export type InvalidEventJson = z.infer<typeof invalidEvent>;
export type ErrorPageJson = z.infer<typeof errorPage>;
export type StatsJson = z.infer<typeof stats>;
