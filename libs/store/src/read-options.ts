import { BSON } from 'mongodb';
import { isInvalidQueryError } from './read/cursor';
import { isTimeout, StoreReadTimeoutError, StoreUnavailableError } from './errors';

/** Limits every reader applies. */
export interface ReaderOptions {
  /** How long MongoDB may work on one read before giving up (default 10 s). */
  maxTimeMs?: number;
  /** A page ends early rather than exceed this many BSON bytes (default 8 MiB). */
  maxPageBytes?: number;
  /**
   * How far past its receipt an event's timestamp may be (the validators' `EYE_CLOCK_SKEW`,
   * default 60 s): no stored timestamp lies further ahead of now, which bounds a read minute by minute.
   */
  clockSkewMs?: number;
}

export const DEFAULT_READ_MAX_TIME_MS = 10_000;
export const DEFAULT_MAX_PAGE_BYTES = 8 * 1024 * 1024;

/** The options with their defaults filled in. */
export function readerSettings(options: ReaderOptions = {}): Required<ReaderOptions> {
  return {
    maxTimeMs: options.maxTimeMs ?? DEFAULT_READ_MAX_TIME_MS,
    maxPageBytes: options.maxPageBytes ?? DEFAULT_MAX_PAGE_BYTES,
    clockSkewMs: options.clockSkewMs ?? 60_000,
  };
}

/** A document's size as MongoDB stores it. */
export function bsonSize(document: BSON.Document): number {
  return BSON.calculateObjectSize(document);
}

/**
 * Runs a read; any failure other than a refused query becomes a {@link StoreReadTimeoutError}
 * when the read ran out of time, else a {@link StoreUnavailableError} (both answered as
 * `unavailable`), so no driver error travels further up. Messages name the database and what
 * was being read, never the driver's text (hosts, ports), which stays in `cause`.
 */
export async function reading<T>(what: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (isInvalidQueryError(error)) throw error;
    if (isTimeout(error)) throw new StoreReadTimeoutError(`the read took too long: the database could not ${what} within the time limit; narrow the filters or the time range`, { cause: error });
    throw new StoreUnavailableError(`the database could not ${what}: it is not reachable or failed`, { cause: error });
  }
}
