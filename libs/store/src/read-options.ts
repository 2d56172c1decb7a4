import { BSON } from 'mongodb';
import { isInvalidQueryError } from './read/cursor';
import { StoreUnavailableError } from './errors';

/** Limits every reader applies. */
export interface ReaderOptions {
  /** How long MongoDB may work on one read before giving up (default 10 s). */
  maxTimeMs?: number;
  /** A page ends early rather than exceed this many BSON bytes (default 8 MiB). */
  maxPageBytes?: number;
}

export const DEFAULT_READ_MAX_TIME_MS = 10_000;
export const DEFAULT_MAX_PAGE_BYTES = 8 * 1024 * 1024;

/** The options with their defaults filled in. */
export function readerSettings(options: ReaderOptions = {}): Required<ReaderOptions> {
  return {
    maxTimeMs: options.maxTimeMs ?? DEFAULT_READ_MAX_TIME_MS,
    maxPageBytes: options.maxPageBytes ?? DEFAULT_MAX_PAGE_BYTES,
  };
}

/** A document's size as MongoDB stores it. */
export function bsonSize(document: BSON.Document): number {
  return BSON.calculateObjectSize(document);
}

/**
 * Runs a read; any failure other than a refused query becomes a {@link StoreUnavailableError}
 * (answered as `unavailable`), so no driver error travels further up.
 */
export async function reading<T>(what: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (isInvalidQueryError(error)) throw error;
    throw new StoreUnavailableError(`MongoDB could not ${what}: ${(error as Error).message}`, { cause: error });
  }
}
