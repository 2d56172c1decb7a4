import type { Document } from 'mongodb';
import { decodeCursor, InvalidQueryError, queryFingerprint, type CursorKey } from './cursor';
import { keysetFilter, type MicrosWindow } from './keyset';
import { eventKey } from '../schema/documents';
import {
  EARLIEST_EVENT_BY_ID_SHAPE,
  EVENT_BY_ID_SHAPE,
  EVENT_TIME_KEY,
  eventListShape,
  invalidEventListShape,
  RECEIVED_KEY,
  REJECTED,
  VALID,
  type EventFilterField,
  type InvalidEventFilterField,
  type ListOrder,
  type QueryShape,
} from '../schema/query-shapes';

/** The most items one page may hold, and how many a page holds unless asked (the contract's). */
export const MAX_PAGE_LIMIT = 1_000;
export const DEFAULT_PAGE_LIMIT = 100;

/** Equality filters on valid events, ANDed, and a window on the event timestamp. */
export interface EventFilter extends MicrosWindow {
  sessionId?: string;
  category?: string;
  name?: string;
  application?: string;
}

/** A page of `GET /v1/events` (or of a session's events). */
export interface EventListQuery {
  filter: EventFilter;
  order: ListOrder;
  limit: number;
  /** From the previous page of the same query. */
  cursor?: string;
}

/** Equality filters on invalid events, ANDed, and a window on the received time. */
export interface InvalidEventFilter extends MicrosWindow {
  category?: string;
  name?: string;
  /** Events with at least one issue of this code. */
  code?: string;
  application?: string;
}

/** A page of `GET /v1/errors`, newest first. */
export interface InvalidEventListQuery {
  filter: InvalidEventFilter;
  limit: number;
  cursor?: string;
}

/** A find the store will run: its filter, sort and limit, and the shape (and index) it has. */
export interface PlannedFind {
  shape: QueryShape;
  filter: Document;
  sort: Document;
  limit: number;
}

/** The find behind one page of a list, and the fingerprint its cursors carry. */
export interface ListFind extends PlannedFind {
  fingerprint: string;
}

/**
 * Request values become equality filters only as strings: whatever reaches this point is
 * compared literally, never read as a MongoDB operator.
 */
function literal(field: string, value: unknown): string {
  if (typeof value !== 'string') throw new InvalidQueryError(field, `${field} must be a string`);
  return value;
}

function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw new InvalidQueryError('limit', `limit must be an integer from 1 to ${MAX_PAGE_LIMIT}`);
  }
}

function checkWindow(window: MicrosWindow): void {
  for (const [name, bound] of [['from', window.fromMicros], ['to', window.toMicros]] as const) {
    if (bound !== undefined && !Number.isSafeInteger(bound)) throw new InvalidQueryError(name, `${name} must be whole microseconds`);
  }
}

function equalities<F extends string>(values: Partial<Record<F, unknown>>): { fields: F[]; filter: Document } {
  const fields: F[] = [];
  const filter: Document = {};
  for (const [field, value] of Object.entries(values) as [F, unknown][]) {
    if (value === undefined) continue;
    fields.push(field);
    filter[field] = literal(field, value);
  }
  return { fields, filter };
}

function sortDocument(shape: QueryShape): Document {
  return Object.fromEntries(shape.sort);
}

/** The find behind one page of events, in time order (`desc` reverses the whole order). */
export function eventListFind(query: EventListQuery): ListFind {
  checkLimit(query.limit);
  checkWindow(query.filter);
  const { filter: f } = query;
  const { fields, filter } = equalities<EventFilterField>({ session_id: f.sessionId, category: f.category, name: f.name, application: f.application });
  const fingerprint = queryFingerprint({ list: 'events', ...filter, from: f.fromMicros, to: f.toMicros, order: query.order });
  const after: CursorKey | undefined = query.cursor === undefined ? undefined : decodeCursor(query.cursor, fingerprint);
  const ranged = after !== undefined || f.fromMicros !== undefined || f.toMicros !== undefined;
  const shape = eventListShape(fields, query.order, ranged);
  const direction = query.order === 'asc' ? 1 : -1;
  return {
    shape,
    filter: { ...filter, ...VALID, ...keysetFilter(EVENT_TIME_KEY, f, after, direction) },
    sort: sortDocument(shape),
    limit: query.limit + 1,
    fingerprint,
  };
}

/** The find behind one page of invalid events, newest first by received time. */
export function invalidEventListFind(query: InvalidEventListQuery): ListFind {
  checkLimit(query.limit);
  checkWindow(query.filter);
  const { filter: f } = query;
  const { fields, filter } = equalities<InvalidEventFilterField>({ category: f.category, name: f.name, codes: f.code, application: f.application });
  const fingerprint = queryFingerprint({ list: 'errors', ...filter, from: f.fromMicros, to: f.toMicros });
  const after: CursorKey | undefined = query.cursor === undefined ? undefined : decodeCursor(query.cursor, fingerprint);
  const ranged = after !== undefined || f.fromMicros !== undefined || f.toMicros !== undefined;
  const shape = invalidEventListShape(fields, ranged);
  return {
    shape,
    filter: { ...filter, ...REJECTED, ...keysetFilter(RECEIVED_KEY, f, after, -1) },
    sort: sortDocument(shape),
    limit: query.limit + 1,
    fingerprint,
  };
}

/** The `$match` of a stats pipeline: a received-time window, from inclusive, to exclusive. */
export function receivedWindowMatch(window: Required<MicrosWindow>): Document {
  checkWindow(window);
  return { received_us: { $gte: window.fromMicros, $lt: window.toMicros } };
}

/** One application's valid event by its id: its `_id`. */
export function eventByIdFind(application: string, eventId: string): PlannedFind {
  return {
    shape: EVENT_BY_ID_SHAPE,
    filter: { _id: eventKey(literal('application', application), literal('id', eventId)), ...VALID },
    sort: {},
    limit: 1,
  };
}

/** Of all applications' valid events with this id, the one received first. */
export function earliestEventByIdFind(eventId: string): PlannedFind {
  return { shape: EARLIEST_EVENT_BY_ID_SHAPE, filter: { event_id: literal('id', eventId), ...VALID }, sort: sortDocument(EARLIEST_EVENT_BY_ID_SHAPE), limit: 1 };
}

/** The `$match` of a session's valid events (its summary is computed from them). */
export function sessionEventsMatch(sessionId: string): Document {
  return { session_id: literal('session_id', sessionId), ...VALID };
}
