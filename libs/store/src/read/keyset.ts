import type { Document } from 'mongodb';
import { encodeCursor, type CursorKey } from './cursor';
import type { KeyDirection } from '../schema/query-shapes';

/** One page of a list and the cursor of the next, null after the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A half-open window on a numeric field: `from` inclusive, `to` exclusive. */
export interface MicrosWindow {
  fromMicros?: number;
  toMicros?: number;
}

/**
 * The filter on a three-field sort key (e.g. `ts_us, seq, _id`) for the items of a window that
 * come after `after` in `direction`. The leading field gets plain bounds, which the index scan
 * uses; the few items that share the cursor's leading value but come before it are excluded by
 * `$nor`, a filter on the scanned keys. (No `$or` of keyset branches: each branch would be
 * planned as its own scan.)
 */
export function keysetFilter(fields: readonly [string, string, string], window: MicrosWindow, after: CursorKey | undefined, direction: KeyDirection): Document {
  const [leading, middle, last] = fields;
  const bounds: Document = {};
  if (window.fromMicros !== undefined) bounds['$gte'] = window.fromMicros;
  if (window.toMicros !== undefined) bounds['$lt'] = window.toMicros;
  if (!after) return Object.keys(bounds).length > 0 ? { [leading]: bounds } : {};

  const [primary, sequence, id] = after;
  if (direction === 1) {
    bounds['$gte'] = Math.max(window.fromMicros ?? Number.MIN_SAFE_INTEGER, primary);
    return {
      [leading]: bounds,
      $nor: [
        { [leading]: primary, [middle]: { $lt: sequence } },
        { [leading]: primary, [middle]: sequence, [last]: { $lte: id } },
      ],
    };
  }
  bounds['$lte'] = primary;
  return {
    [leading]: bounds,
    $nor: [
      { [leading]: primary, [middle]: { $gt: sequence } },
      { [leading]: primary, [middle]: sequence, [last]: { $gte: id } },
    ],
  };
}

/** How {@link toPage} cuts a page. */
export interface PageOptions<T> {
  limit: number;
  keyOf: (document: T) => CursorKey;
  fingerprint: string;
  /** A page stops before the item that would take it over this many bytes (it keeps at least one). */
  maxBytes?: number;
  sizeOf?: (document: T) => number;
}

/**
 * Turns `limit + 1` fetched documents into a page: the extra one only tells that another page
 * exists, and the cursor points after the last item returned. A page whose items would exceed
 * `maxBytes` ends early, with a cursor, so no answer outgrows a gRPC message.
 */
export function toPage<T>(documents: T[], options: PageOptions<T>): Page<T> {
  let count = Math.min(documents.length, options.limit);
  if (options.maxBytes !== undefined && options.sizeOf) {
    let bytes = 0;
    for (let index = 0; index < count; index += 1) {
      bytes += options.sizeOf(documents[index]);
      if (bytes > options.maxBytes && index > 0) {
        count = index;
        break;
      }
    }
  }
  if (documents.length <= count) return { items: documents, nextCursor: null };
  const items = documents.slice(0, count);
  return { items, nextCursor: encodeCursor(options.keyOf(items[items.length - 1]), options.fingerprint) };
}

/**
 * Whether `document` comes strictly after `after` in `direction`: the order {@link keysetFilter}
 * asks MongoDB for, stated in code for tests.
 */
export function comesAfter(key: CursorKey, after: CursorKey, direction: KeyDirection): boolean {
  for (let position = 0; position < 3; position += 1) {
    const a = key[position];
    const b = after[position];
    if (a !== b) return direction === 1 ? a > b : a < b;
  }
  return false;
}
