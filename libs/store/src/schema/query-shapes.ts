import { COLLECTIONS } from './documents';

/** 1 ascending, -1 descending, as in a MongoDB sort or index key. */
export type KeyDirection = 1 | -1;

/**
 * What one read asks of its collection, in MongoDB's equality-sort-range terms, and the declared
 * index that serves it. The readers leave the plan to MongoDB's planner; `indexes.spec.ts` proves
 * the named index serves every shape, and on a real mongod `query-plans.int.spec.ts` checks the
 * planner picks an index that serves it without a collection scan or an in-memory sort.
 */
export interface QueryShape {
  collection: string;
  /** Fields matched by equality and bounded by the index (its leading keys, in any order). */
  equality: readonly string[];
  /**
   * Further equality filters, checked on the documents the index scan yields. They narrow the
   * result but never widen the scan: the index bounds come from `equality` and `range`.
   */
  residual: readonly string[];
  /** The sort, in order; the index must give it (scanned forwards or backwards). */
  sort: readonly (readonly [field: string, direction: KeyDirection])[];
  /** Fields bounded by a range (from/to, keyset cursors). */
  range: readonly string[];
  /** The name of the declared index that serves this shape. */
  index: string;
}

/** Event fields the event list filters on by equality. */
export type EventFilterField = 'session_id' | 'category' | 'name' | 'application';
/** Rejected-event fields the error list filters on by equality (`codes` holds each issue code). */
export type InvalidEventFilterField = 'category' | 'name' | 'codes' | 'application';

export type ListOrder = 'asc' | 'desc';

/** The time order of events: timestamp, then the order received, then `_id` (unique). */
export const EVENT_TIME_KEY = ['ts_us', 'seq', '_id'] as const;
/** The received order of rejected events (listed newest first) and of events with the same id. */
export const RECEIVED_KEY = ['received_us', 'seq', '_id'] as const;

/** The equality every valid-event read carries: one collection holds valid and invalid events. */
export const VALID = { valid: true } as const;
/** The equality every error-list read carries. */
export const REJECTED = { rejected: true } as const;

/**
 * Which filter bounds the index scan when several are given, most selective first, and its
 * index. A session holds few events; an event name is the most specific type selector; an
 * application usually sends every type. The other filters are checked as residuals.
 */
export const EVENT_LIST_DRIVERS: readonly (readonly [EventFilterField, string])[] = [
  ['session_id', 'session_time'],
  ['name', 'name_time'],
  ['category', 'category_time'],
  ['application', 'app_time'],
];

/** Like {@link EVENT_LIST_DRIVERS}, for rejected events. */
export const INVALID_LIST_DRIVERS: readonly (readonly [InvalidEventFilterField, string])[] = [
  ['name', 'name_rejected'],
  ['codes', 'code_rejected'],
  ['category', 'category_rejected'],
  ['application', 'app_rejected'],
];

const sortOf = (fields: readonly string[], direction: KeyDirection) => fields.map((field) => [field, direction] as const);

function drivenShape<F extends string>(
  kind: string,
  filters: readonly F[],
  drivers: readonly (readonly [F, string])[],
  fallbackIndex: string,
  sort: QueryShape['sort'],
  ranged: boolean,
): QueryShape {
  const driver = drivers.find(([field]) => filters.includes(field));
  return {
    collection: COLLECTIONS.events,
    equality: driver ? [driver[0], kind] : [kind],
    residual: drivers.map(([field]) => field).filter((field) => filters.includes(field) && field !== driver?.[0]),
    sort,
    range: ranged ? [sort[0][0]] : [],
    index: driver ? driver[1] : fallbackIndex,
  };
}

/** `GET /v1/events` and a session's events: equality filters, time order, timestamp range. */
export function eventListShape(filters: readonly EventFilterField[], order: ListOrder, ranged: boolean): QueryShape {
  return drivenShape('valid', filters, EVENT_LIST_DRIVERS, 'time', sortOf(EVENT_TIME_KEY, order === 'asc' ? 1 : -1), ranged);
}

/** `GET /v1/errors`: equality filters, newest first, received-time range. */
export function invalidEventListShape(filters: readonly InvalidEventFilterField[], ranged: boolean): QueryShape {
  return drivenShape('rejected', filters, INVALID_LIST_DRIVERS, 'rejected_received', sortOf(RECEIVED_KEY, -1), ranged);
}

/** One application's event by its id: the `_id` itself. */
export const EVENT_BY_ID_SHAPE: QueryShape = {
  collection: COLLECTIONS.events,
  equality: ['_id'],
  residual: ['valid'],
  sort: [],
  range: [],
  index: '_id_',
};

/** The earliest received valid event with an id, whichever application sent it. */
export const EARLIEST_EVENT_BY_ID_SHAPE: QueryShape = {
  collection: COLLECTIONS.events,
  equality: ['event_id', 'valid'],
  residual: [],
  sort: sortOf(RECEIVED_KEY, 1),
  range: [],
  index: 'event_id_received',
};

/** A session's valid events, for its summary (aggregated, or read projected). */
export const SESSION_EVENTS_SHAPE: QueryShape = {
  collection: COLLECTIONS.events,
  equality: ['session_id', 'valid'],
  residual: [],
  sort: [],
  range: [],
  index: 'session_time',
};

/** The `$match` of the stats count: a received-time window, valid and invalid alike. */
export const STATS_SHAPE: QueryShape = {
  collection: COLLECTIONS.events,
  equality: [],
  residual: [],
  sort: [],
  range: ['received_us'],
  index: 'received_kind',
};

/** Every subset of `fields`. */
function subsets<T>(fields: readonly T[]): T[][] {
  return fields.reduce<T[][]>((all, field) => [...all, ...all.map((subset) => [...subset, field])], [[]]);
}

/** Every shape the store's readers can issue; the index-coverage test checks each of them. */
export function allQueryShapes(): QueryShape[] {
  const eventFilters = subsets(EVENT_LIST_DRIVERS.map(([field]) => field));
  const invalidFilters = subsets(INVALID_LIST_DRIVERS.map(([field]) => field));
  const shapes: QueryShape[] = [];
  for (const ranged of [false, true]) {
    for (const filters of eventFilters) for (const order of ['asc', 'desc'] as const) shapes.push(eventListShape(filters, order, ranged));
    for (const filters of invalidFilters) shapes.push(invalidEventListShape(filters, ranged));
  }
  shapes.push(EVENT_BY_ID_SHAPE, EARLIEST_EVENT_BY_ID_SHAPE, SESSION_EVENTS_SHAPE, STATS_SHAPE);
  return shapes;
}

/** A short description of a shape for test titles and logs, e.g. `events {session_id,valid} sort ts_us↑ range ts_us`. */
export function describeShape(shape: QueryShape): string {
  const sort = shape.sort.map(([field, direction]) => `${field}${direction === 1 ? '↑' : '↓'}`).join(',');
  const residual = shape.residual.length ? ` + {${shape.residual.join(',')}}` : '';
  return `${shape.collection} {${shape.equality.join(',')}}${residual} sort ${sort || '-'} range ${shape.range.join(',') || '-'} via ${shape.index}`;
}
