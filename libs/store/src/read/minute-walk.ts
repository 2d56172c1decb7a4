import type { Collection, Document, Filter, Sort } from 'mongodb';
import { minuteOf } from '../schema/documents';
import type { MicrosWindow } from './keyset';

/** Most minutes one page reads minute by minute; a page over a wider span is one query. */
export const MAX_WALK_MINUTES = 120;

/** The minutes a page reads one at a time, in the page's order. */
export interface MinuteWalk {
  /** The field holding the minute of the page's leading sort key: `ts_min` or `received_min`. */
  field: 'ts_min' | 'received_min';
  /** First and last minute of the span, both inclusive. */
  first: number;
  last: number;
  direction: 1 | -1;
}

/**
 * How a page bounded by `span` (from inclusive, to exclusive, on its leading sort key) is read
 * minute by minute, newest or oldest minute first: undefined when the span has no lower bound or
 * covers more than {@link MAX_WALK_MINUTES} minutes (then it is one query). `latestMicros` bounds
 * an open upper end: no stored time lies beyond it.
 */
export function minuteWalk(field: MinuteWalk['field'], span: MicrosWindow, direction: 1 | -1, latestMicros: number): MinuteWalk | undefined {
  if (span.fromMicros === undefined) return undefined;
  const end = Math.min(span.toMicros ?? latestMicros, latestMicros + 1);
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
  for (let minute = walk.direction === 1 ? walk.first : walk.last; inSpan(minute) && found.length < find.limit; minute += walk.direction) {
    const page = await collection
      .find({ ...find.filter, [walk.field]: minute } as Filter<T>, {
        sort: find.sort as Sort,
        limit: find.limit - found.length,
        // What is left of the page's time limit (at least 1 ms, so an exhausted one times out there).
        maxTimeMS: Math.max(1, deadline - Date.now()),
      })
      .toArray();
    found.push(...(page as T[]));
  }
  return found;
}

/** The documents of one page: minute by minute when there is a `walk`, else one query. */
export function findPage<T extends Document>(collection: Collection<T>, find: { filter: Document; sort: Document; limit: number }, walk: MinuteWalk | undefined, maxTimeMs: number): Promise<T[]> {
  if (walk) return readByMinute(collection, find, walk, maxTimeMs);
  return collection.find(find.filter as Filter<T>, { sort: find.sort as Sort, limit: find.limit, maxTimeMS: maxTimeMs }).toArray() as Promise<T[]>;
}
