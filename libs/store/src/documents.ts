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
 * batches in the order sent), then `_id` as the final unique tie-breaker. Written once, never
 * updated (FerretDB updates scan the whole collection).
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
  /** When a validator wrote it (set by the writer; what the end-to-end lag is measured to). */
  stored_at?: Date;
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
  /** When a validator wrote it (set by the writer). */
  stored_at?: Date;
}

/**
 * A session summary in the `sessions` collection, over its valid events: the merge of the
 * session's {@link SessionPartDocument}s, rewritten by the validators until it equals that merge.
 */
export interface SessionDocument {
  _id: string;
  first_us: number;
  last_us: number;
  event_count: number;
  categories: string[];
  applications: string[];
}

/**
 * One validator process's share of a session summary, in `session_parts`. Only the process named
 * by `writer` updates it, so its counts stay exact even on a database whose updates are not
 * atomic (FerretDB 1.24 loses concurrent updates to one document). `_id` is
 * {@link sessionPartId}, so a session's parts are one `_id` range.
 */
export interface SessionPartDocument {
  _id: string;
  session_id: string;
  writer: string;
  first_us: number;
  last_us: number;
  event_count: number;
  categories: string[];
  applications: string[];
  /**
   * Keys of the events counted here by each recent counting attempt (by attempt id), while their
   * `done` tickets may not be written yet: a validator taking over such an event finds its key
   * here and does not count it again. The writer's next update of the part drops attempts that
   * finished.
   */
  pending: Record<string, string[]>;
}

/**
 * The first message to claim an event key (`_id` = the event's `_id`): only that message's
 * document is stored, as a valid or an invalid event, whichever it is. A later message with the
 * same key (a resend after JetStream's duplicate window, possibly with other content) is a
 * duplicate; a redelivery of the claiming message (same `seq`) finishes its writes.
 */
export interface EventClaimDocument {
  _id: string;
  seq: number;
  received_us: number;
}

/**
 * The right to count one valid event into its session, in `count_tickets`, `_id`
 * {@link countTicketId}: generation 1 is taken before the first count; a later generation takes
 * over from a validator that stopped half-way. `done` tickets mark the event counted.
 */
export interface CountTicketDocument {
  _id: string;
  /** The validator process (its session part) that counts the event under this ticket. */
  writer?: string;
  /** Wall-clock milliseconds when the ticket was taken. */
  at?: number;
}

export const COLLECTIONS = {
  events: 'events',
  invalidEvents: 'invalid_events',
  sessions: 'sessions',
  /** Write-side: {@link SessionPartDocument}; `sessions` is their merge. */
  sessionParts: 'session_parts',
  /** Write-side bookkeeping of the validator, insert-only: {@link EventClaimDocument}. */
  eventClaims: 'event_claims',
  /** Write-side bookkeeping of the validator, insert-only: {@link CountTicketDocument}. */
  countTickets: 'count_tickets',
} as const;

/** The first `_id` of a session's parts; they all start with it (the length keeps it unambiguous). */
export function sessionPartPrefix(sessionId: string): string {
  return `${sessionId.length}:${sessionId}/`;
}

/** The `_id` of `writer`'s part of a session summary. */
export function sessionPartId(sessionId: string, writer: string): string {
  return `${sessionPartPrefix(sessionId)}${writer}`;
}

/** The tickets of an event key all start with this (the length keeps it unambiguous). */
export function countTicketPrefix(key: string): string {
  return `${key.length}:${key}#`;
}

/** The `_id` of a count ticket: a generation (1, 2, ...) or `done`. */
export function countTicketId(key: string, generation: number | 'done'): string {
  return `${countTicketPrefix(key)}${generation}`;
}

/** The `_id` of an event or invalid event: unique per application. */
export function eventKey(application: string, eventId: string): string {
  return `${application}/${eventId}`;
}
