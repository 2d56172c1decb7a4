/** The shapes of The Eye's public REST contract (v1), as the client sends and receives them. */

/** An event as an application tracks it. */
export interface TrackEvent {
  sessionId: string;
  category: string;
  name: string;
  data: Record<string, unknown>;
  /** When it happened; default: now. A string is sent as is (RFC 3339; UTC without an offset). */
  timestamp?: Date | string;
  /** The idempotency key, 1..128 characters; default: a fresh UUID. */
  eventId?: string;
}

/** An event on the wire (`POST /v1/events`, `/v1/events/batch`, `/v1/events/validate`). */
export interface WireEvent {
  event_id: string;
  session_id: string;
  category: string;
  name: string;
  data: Record<string, unknown>;
  timestamp: string;
}

/** One problem with an event: `path` is dotted (`data.host`), empty for the whole event. */
export interface ValidationIssue {
  path: string;
  code: string;
  message: string;
}

/** What `POST /v1/events/validate` answers. */
export type ValidationResult = { valid: true } | { valid: false; issues: ValidationIssue[] };

/** A stored (valid) event. */
export interface StoredEvent {
  id: string;
  application: string;
  session_id: string;
  category: string;
  name: string;
  data: Record<string, unknown>;
  /** RFC 3339 UTC with up to microseconds. */
  timestamp: string;
  received_at: string;
  /** The trace of the request that carried it (32 lowercase hex digits), where tracing was on. */
  trace_id?: string;
}

/** An invalid event, kept with its issues and exactly as it was sent. */
export interface InvalidEvent {
  id: string;
  application: string;
  received_at: string;
  session_id?: string;
  category?: string;
  name?: string;
  issues: ValidationIssue[];
  raw: unknown;
  /** Set once a replay (`eye errors replay`) found the event valid and stored it. */
  resolved_at?: string;
  /** The trace of the request that carried it (32 lowercase hex digits), where tracing was on. */
  trace_id?: string;
}

/** A session's summary over its valid events. */
export interface SessionSummary {
  session_id: string;
  first_seen: string;
  last_seen: string;
  event_count: number;
  categories: string[];
  applications: string[];
}

/** What The Eye received in a window (`GET /v1/stats`). */
export interface Stats {
  from: string;
  to: string;
  valid: number;
  invalid: number;
  by_type: { category: string; name: string; valid: number; invalid: number }[];
}

/** Events received per minute (`GET /v1/stats/timeline`). */
export interface StatsTimeline {
  from: string;
  to: string;
  /** The length of each bucket in seconds (60). */
  interval_s: number;
  /** Every minute that overlaps the window, oldest first; empty minutes have zero counts. */
  buckets: { start: string; valid: number; invalid: number }[];
}

/** An event type events are validated against (`GET /v1/event-types`). */
export interface EventType {
  category: string;
  name: string;
  /** True for the types built into The Eye; false for types registered with `eye types add`. */
  built_in: boolean;
  /** JSON Schema (draft 2020-12) of the event's `data`. */
  schema: Record<string, unknown>;
}

/** A time bound: a `Date` is sent as ISO 8601, a string as is. */
export type TimeBound = Date | string;

/** Paging of every list: `limit` is the page size (1..1000, server default 100). */
export interface PageOptions {
  limit?: number;
}

/** `GET /v1/events` filters (ANDed); `from` inclusive, `to` exclusive, on `timestamp`. */
export interface EventFilters extends PageOptions {
  session_id?: string;
  category?: string;
  name?: string;
  application?: string;
  from?: TimeBound;
  to?: TimeBound;
  order?: 'asc' | 'desc';
}

/** `GET /v1/sessions/{id}/events` filters. */
export type SessionEventFilters = Omit<EventFilters, 'session_id'>;

/** `GET /v1/errors` filters; `from`/`to` bound `received_at`. Newest first. */
export interface ErrorFilters extends PageOptions {
  category?: string;
  name?: string;
  code?: string;
  application?: string;
  from?: TimeBound;
  to?: TimeBound;
}

/** `GET /v1/stats` and `GET /v1/stats/timeline` window (`received_at`); default: the last 24 hours (the timeline's: at most 24 hours). */
export interface StatsFilters {
  from?: TimeBound;
  to?: TimeBound;
}

/** One page of a list. */
export interface Page<T> {
  items: T[];
  /** Pass back to get the next page; `null` on the last page. */
  nextCursor: string | null;
}
