/** One issue found in an invalid event, as stored. */
export interface IssueDocument {
  path: string;
  code: string;
  message: string;
}

/**
 * A valid event in the `events` collection. `_id` is `<application>/<event_id>`, so the same
 * event delivered twice can never be stored twice. Time order is (`ts_us`, `seq`, `_id`): the
 * event's timestamp in exact microseconds, then the JetStream sequence (the order received,
 * batches in the order sent), then `_id` as the final unique tie-breaker.
 */
export interface EventDocument {
  _id: string;
  application: string;
  event_id: string;
  session_id: string;
  category: string;
  name: string;
  data: Record<string, unknown>;
  /** Microseconds since the Unix epoch; exact, and what sorting and ranges use. */
  ts_us: number;
  /** The same instant at millisecond precision, for people browsing the database. */
  timestamp: Date;
  received_at: Date;
  received_us: number;
  seq: number;
  /** True until the event has been counted into its session summary (crash recovery). */
  session_pending: boolean;
}

/** An event that failed validation, in the `invalid_events` collection, kept exactly as sent. */
export interface InvalidEventDocument {
  _id: string;
  application: string;
  event_id: string;
  received_at: Date;
  received_us: number;
  seq: number;
  session_id?: string;
  category?: string;
  name?: string;
  issues: IssueDocument[];
  /** The distinct issue codes, for filtering by code. */
  codes: string[];
  /** The event's JSON text exactly as the application sent it. */
  raw_json: string;
}

/** A session summary in the `sessions` collection, over its valid events. */
export interface SessionDocument {
  _id: string;
  first_us: number;
  last_us: number;
  event_count: number;
  categories: string[];
  applications: string[];
  /** Keys of the latest events counted, so a redelivered event is never counted twice. */
  recent_keys: string[];
}

export const COLLECTIONS = {
  events: 'events',
  invalidEvents: 'invalid_events',
  sessions: 'sessions',
} as const;

/** The `_id` of an event or invalid event: unique per application. */
export function eventKey(application: string, eventId: string): string {
  return `${application}/${eventId}`;
}
