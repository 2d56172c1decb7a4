import type { Binary } from 'mongodb';
import type { NormalizedEvent } from '@eye/validators';

/** One issue found in an invalid event, as stored. */
export interface IssueDocument {
  path: string;
  code: string;
  message: string;
}

/**
 * What every stored event has, valid or not. Each event is one document in `events`, stored with
 * one insert; `_id` is `<application>/<event id>`, so a second message with the same key (a
 * redelivery, a resend) is refused by the unique `_id` and counts as "already stored": the first
 * message stored for a key wins, and a key is never both valid and invalid.
 */
export interface ReceivedFields {
  _id: string;
  application: string;
  event_id: string;
  received_at: Date;
  /** When ingest received it, exact microseconds; what received-time windows (stats, errors) use. */
  received_us: number;
  /** The JetStream stream sequence: the order received, the tie-breaker after the time. */
  seq: number;
  /** The trace of the request that carried it (32 lowercase hex digits), where tracing was on. */
  trace_id?: string;
  /** When a validator wrote it (what end-to-end lag is measured to). */
  stored_at?: Date;
}

/** The fields of a valid event. */
export interface EventFields {
  session_id: string;
  category: string;
  name: string;
  data: Record<string, unknown>;
  /** The event's timestamp in exact microseconds since the Unix epoch: what time order and ranges use. */
  ts_us: number;
  /** The same instant at millisecond precision, for people browsing the database. */
  timestamp: Date;
}

/** What validation found wrong with an event when it arrived; kept for `GET /v1/errors`. */
export interface RejectionFields {
  /** Listed by `GET /v1/errors`: validation rejected the event when it arrived. */
  rejected: true;
  issues: IssueDocument[];
  /** The distinct issue codes, for filtering by code. */
  codes: string[];
  /** The event's JSON text exactly as the application sent it. */
  raw_json: string;
  /** When `errors replay` found it valid and stored it as valid (it then has `valid: true`). */
  resolved_at?: Date;
  /** When a replay last validated it again. */
  revalidated_at?: Date;
}

/**
 * A valid event (`valid: true`): what event lists, session summaries and valid counts read. An
 * event rejected on arrival and resolved by a replay is valid and keeps its {@link RejectionFields}.
 */
export type EventDocument = ReceivedFields & EventFields & { valid: true } & Partial<RejectionFields>;

/** An invalid event (`valid: false`), with the envelope fields that passed their own checks. */
export type InvalidEventDocument = ReceivedFields &
  Partial<Pick<EventFields, 'session_id' | 'category' | 'name'>> &
  RejectionFields & { valid: false };

/** Any document of `events`. */
export type StoredEventDocument = EventDocument | InvalidEventDocument;

/** What `GET /v1/errors` lists: events rejected on arrival, also those a replay resolved since. */
export type RejectedEventDocument = InvalidEventDocument | (EventDocument & RejectionFields);

/**
 * A queue message that could not be stored as an event after its last delivery attempt, in
 * `dead_letters`: its bytes exactly as they were in the stream and the last error. Written only on
 * that failure path, never on the way of an ordinary event.
 */
export interface DeadLetterDocument {
  /** `<stream>/<stream sequence>`: one record per message, however often it is recorded. */
  _id: string;
  stream: string;
  subject: string;
  seq: number;
  /** How many times JetStream delivered it. */
  deliveries: number;
  /** The message payload, byte for byte. */
  payload: Binary;
  /** The `Nats-Msg-Id` it was published with, when it had one. */
  message_id?: string;
  last_error: string;
  recorded_at: Date;
}

export const COLLECTIONS = {
  /** Every event, valid or invalid: {@link StoredEventDocument}. */
  events: 'events',
  /** {@link DeadLetterDocument}. */
  deadLetters: 'dead_letters',
} as const;

/** The `_id` of a stored event: unique per application. */
export function eventKey(application: string, eventId: string): string {
  return `${application}/${eventId}`;
}

/** The stored fields of a valid event: one mapping for the validator and for replays. */
export function eventFields(event: NormalizedEvent): EventFields {
  return {
    session_id: event.sessionId,
    category: event.category,
    name: event.name,
    data: event.data,
    ts_us: event.timestampMicros,
    timestamp: new Date(Math.floor(event.timestampMicros / 1000)),
  };
}
