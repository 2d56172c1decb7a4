import type { Collection, Document, Filter, Sort } from 'mongodb';
import { minuteOf } from '../schema/documents';
import type { MicrosWindow } from './keyset';

/** Most minutes one page reads minute by minute; a page over a wider span is one query. */
export const MAX_WALK_MINUTES = 120;
/**
 * Newest first without a lower bound, the minutes read one by one before the rest is one query:
 * where events arrive, the newest page lies in them; where they do not, few reads are wasted.
 */
export const OPEN_WALK_MINUTES = 5;

/** The minutes a page reads one at a time, in the page's order. */
export interface MinuteWalk {
  /** The field holding the minute of the page's leading sort key: `ts_min` or `received_min`. */
  field: 'ts_min' | 'received_min';
  /** First and last minute of the span, both inclusive. */
  first: number;
  last: number;
  direction: 1 | -1;
  /** Newest first, the span goes on before `first`: what those minutes do not fill is one query of the rest. */
  openBelow?: boolean;
}

/**
 * How a page bounded by `span` (from inclusive, to exclusive, on its leading sort key) is read
 * minute by minute, newest or oldest minute first. `latestMicros` bounds an open upper end: no
 * stored time lies beyond it. Newest first without a lower bound, the newest
 * {@link OPEN_WALK_MINUTES} minutes are read one by one and the rest in one query. Undefined (one
 * query) for a span over {@link MAX_WALK_MINUTES} minutes, or oldest first without a lower bound.
 */
export function minuteWalk(field: MinuteWalk['field'], span: MicrosWindow, direction: 1 | -1, latestMicros: number): MinuteWalk | undefined {
  const end = Math.min(span.toMicros ?? latestMicros + 1, latestMicros + 1);
  if (span.fromMicros === undefined) {
    if (direction === 1) return undefined;
    const last = minuteOf(end - 1);
    return { field, first: last - OPEN_WALK_MINUTES + 1, last, direction, openBelow: true };
  }
  const first = minuteOf(span.fromMicros);
  const last = end <= span.fromMicros ? first - 1 : minuteOf(end - 1);
  if (last - first + 1 > MAX_WALK_MINUTES) return undefined;
  return { field, first, last, direction };
}

/**
 * Reads up to `limit` documents of `filter` in `sort` order, one minute at a time: each query adds
 * equality on the minute, which an engine that pushes down only equality (FerretDB) filters in its
 * backend, so a page costs the minutes it reads instead of the whole collection. Minutes come in
 * the page's order and each is sorted, so the pages are the same as one query's. The reads share
 * one time limit.
 */
export async function readByMinute<T extends Document>(
  collection: Collection<T>,
  find: { filter: Document; sort: Document; limit: number },
  walk: MinuteWalk,
  maxTimeMs: number,
): Promise<T[]> {
  const deadline = Date.now() + maxTimeMs;
  const found: T[] = [];
  const inSpan = (minute: number) => (walk.direction === 1 ? minute <= walk.last : minute >= walk.first);
  const read = async (minutes: number | Document) => {
    const page = await collection
      .find({ ...find.filter, [walk.field]: minutes } as Filter<T>, {
        sort: find.sort as Sort,
        limit: find.limit - found.length,
        // What is left of the page's time limit (at least 1 ms, so an exhausted one times out there).
        maxTimeMS: Math.max(1, deadline - Date.now()),
      })
      .toArray();
    found.push(...(page as T[]));
  };
  for (let minute = walk.direction === 1 ? walk.first : walk.last; inSpan(minute) && found.length < find.limit; minute += walk.direction) await read(minute);
  if (walk.openBelow && found.length < find.limit) await read({ $lt: walk.first });
  return found;
}

/** The documents of one page: minute by minute when there is a `walk`, else one query. */
export function findPage<T extends Document>(collection: Collection<T>, find: { filter: Document; sort: Document; limit: number }, walk: MinuteWalk | undefined, maxTimeMs: number): Promise<T[]> {
  if (walk) return readByMinute(collection, find, walk, maxTimeMs);
  return collection.find(find.filter as Filter<T>, { sort: find.sort as Sort, limit: find.limit, maxTimeMS: maxTimeMs }).toArray() as Promise<T[]>;
}
