import { ISSUE_CODES, parseEventTimestamp } from '@eye/validators';
import { EXAMPLE_SESSION_ID } from './examples';
import { z } from './zod';

/** The contract's page sizes. */
export const MAX_LIMIT = 1_000;
export const DEFAULT_LIMIT = 100;
/** The longest filter value accepted (ids and names are far shorter). */
export const MAX_PARAMETER_LENGTH = 1_024;

const text = (description: string, example?: string) =>
  z.string().min(1, 'must not be empty').max(MAX_PARAMETER_LENGTH, `must be at most ${MAX_PARAMETER_LENGTH} characters`).openapi({ description, example });

/**
 * A `+hh:mm` offset arrives as ` hh:mm` when a client leaves `+` unescaped in the query string
 * (form encoding reads `+` as a space); after a time of day nothing else can be meant.
 */
function restorePlus(value: string): string {
  return value.replace(/(T?\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}(?::?\d{2})?)$/, '$1+$2');
}

/** An RFC 3339 date-time, normalized to UTC with microseconds. */
const time = (description: string) =>
  z
    .string()
    .transform((value, context) => {
      const parsed = parseEventTimestamp(restorePlus(value));
      if (parsed) return parsed.iso;
      context.addIssue({ code: 'custom', message: 'must be an RFC 3339 date-time between the years 1700 and 2200, e.g. 2021-01-01T09:15:27.243860Z' });
      return z.NEVER;
    })
    .openapi({ type: 'string', format: 'date-time', description, example: '2021-01-01T09:15:27.243860Z' });

const limit = z
  .string()
  .regex(/^\d{1,7}$/, `must be a whole number from 1 to ${MAX_LIMIT}`)
  .transform(Number)
  .pipe(z.number().int().min(1, `must be from 1 to ${MAX_LIMIT}`).max(MAX_LIMIT, `must be from 1 to ${MAX_LIMIT}`))
  .openapi({ type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT, description: 'Items per page.' });

const cursor = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,1024}$/, 'is not a cursor this API issued')
  .openapi({ description: '`next_cursor` of the previous page, with the same other parameters.' });

const order = z
  .enum(['asc', 'desc'], { error: 'must be asc or desc' })
  .openapi({ default: 'asc', description: 'By `timestamp`; ties in the order received. `desc` reverses the whole order.' });

const eventFilters = {
  category: text('Only events of this category.', 'page interaction').optional(),
  name: text('Only events of this name.', 'cta click').optional(),
  application: text('Only events sent by this application (its name).').optional(),
  from: time('Only events whose `timestamp` is at or after this instant (inclusive).').optional(),
  to: time('Only events whose `timestamp` is before this instant (exclusive).').optional(),
  order: order.optional(),
  limit: limit.optional(),
  cursor: cursor.optional(),
};

/** `GET /v1/events`. */
export const listEventsParams = z.strictObject({
  session_id: text('Only events of this session.', EXAMPLE_SESSION_ID).optional(),
  ...eventFilters,
});

/** `GET /v1/sessions/{session_id}/events` (the session comes from the path). */
export const sessionEventsParams = z.strictObject(eventFilters);

/** `GET /v1/events/{id}`. */
export const getEventParams = z.strictObject({
  application: text("The application whose event to return (its name). Without it: the caller's own application's event with that id if there is one, else the earliest received.").optional(),
});

/** `GET /v1/sessions/{session_id}`: no parameters. */
export const getSessionParams = z.strictObject({});

/** `GET /v1/errors`. */
export const listErrorsParams = z.strictObject({
  category: text('Only invalid events whose `category` is this.').optional(),
  name: text('Only invalid events whose `name` is this.').optional(),
  code: z.enum(ISSUE_CODES, { error: `must be one of ${ISSUE_CODES.join(', ')}` }).optional().openapi({ description: 'Only invalid events with an issue of this code.' }),
  application: text('Only invalid events sent by this application (its name).').optional(),
  from: time('Only events received at or after this instant (inclusive).').optional(),
  to: time('Only events received before this instant (exclusive).').optional(),
  limit: limit.optional(),
  cursor: cursor.optional(),
});

/** `GET /v1/stats`. */
export const statsParams = z.strictObject({
  from: time('Start of the window on received time (inclusive). Default: 24 hours before `to`.').optional(),
  to: time('End of the window on received time (exclusive). Default: now.').optional(),
});

/** Path segments. */
export const eventIdPath = z.strictObject({ id: z.string().openapi({ description: 'The event id, as returned in `ids`.', example: '0193f1a2-7c4e-7b1a-9a57-3d2f1c6b8e01' }) });
export const sessionIdPath = z.strictObject({ session_id: z.string().openapi({ description: 'The session id.', example: EXAMPLE_SESSION_ID }) });
