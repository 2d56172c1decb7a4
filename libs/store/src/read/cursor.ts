import { createHash } from 'node:crypto';
import { z } from 'zod';

/** A read the store cannot run as asked: a cursor it did not issue for this query, a bad limit. */
export class InvalidQueryError extends Error {
  override readonly name = 'InvalidQueryError';
  readonly code = 'invalid_query' as const;
  constructor(
    /** The refused parameter, e.g. `cursor`. */
    readonly parameter: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The contract's error `details`: which parameter, and why. */
  get details(): { path: string; message: string }[] {
    return [{ path: this.parameter, message: this.message }];
  }
}

export function isInvalidQueryError(error: unknown): error is InvalidQueryError {
  return error instanceof Error && error.name === 'InvalidQueryError';
}

/**
 * The position after which the next page starts: the last item's sort key and its unique
 * tie-breaker, e.g. `[ts_us, seq, _id]`.
 */
export type CursorKey = readonly [primary: number, sequence: number, id: string];

const CURSOR_VERSION = 1;
/** Longer than any cursor we issue (ids are at most 128 + 1 + 128 characters). */
const MAX_CURSOR_LENGTH = 1_024;

const cursorPayload = z.strictObject({
  v: z.literal(CURSOR_VERSION),
  q: z.string().min(1).max(64),
  k: z.tuple([z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER), z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), z.string().min(1).max(600)]),
});

/**
 * A short fingerprint of what a query asks (its filters and order, not its limit). A cursor
 * carries the fingerprint of the query that issued it and is refused by any other query.
 */
export function queryFingerprint(query: Readonly<Record<string, unknown>>): string {
  const canonical = JSON.stringify(Object.keys(query).sort().map((key) => [key, query[key] ?? null]));
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

/** An opaque cursor: base64url JSON of the key and the query's fingerprint. */
export function encodeCursor(key: CursorKey, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ v: CURSOR_VERSION, q: fingerprint, k: key }), 'utf8').toString('base64url');
}

/**
 * The key inside a cursor issued by {@link encodeCursor} for a query with this fingerprint.
 *
 * @throws {@link InvalidQueryError} for anything else: not base64url JSON of our shape, or
 * issued for another query.
 */
export function decodeCursor(cursor: string, fingerprint: string): CursorKey {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw new InvalidQueryError('cursor', 'the cursor is not one this API issued');
  }
  let payload: z.output<typeof cursorPayload>;
  try {
    payload = cursorPayload.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch (error) {
    throw new InvalidQueryError('cursor', 'the cursor is not one this API issued', { cause: error });
  }
  if (payload.q !== fingerprint) {
    throw new InvalidQueryError('cursor', 'the cursor was issued for other filters or another order; send it with the query that returned it');
  }
  return payload.k;
}
