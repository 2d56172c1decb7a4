/** MongoDB could not take or answer the operation now; it may succeed later. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  readonly code = 'unavailable' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function isStoreUnavailableError(error: unknown): error is StoreUnavailableError {
  return error instanceof Error && error.name === 'StoreUnavailableError';
}

/** A read ran past its time limit (MongoDB's `maxTimeMS` or the driver's timeout); a narrower read may succeed. */
export class StoreReadTimeoutError extends Error {
  override readonly name = 'StoreReadTimeoutError';
  readonly code = 'unavailable' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function isStoreReadTimeoutError(error: unknown): error is StoreReadTimeoutError {
  return error instanceof Error && error.name === 'StoreReadTimeoutError';
}

/** MongoDB's `MaxTimeMSExpired`. */
const MAX_TIME_MS_EXPIRED = 50;
/** The driver's own timeouts (client-side operation timeout, socket timeout). */
const DRIVER_TIMEOUTS = new Set(['MongoOperationTimeoutError', 'MongoNetworkTimeoutError']);

/** Whether a driver error means the operation ran out of time (rather than the database being away). */
export function isTimeout(error: unknown): boolean {
  const { code, codeName, name } = (error ?? {}) as { code?: unknown; codeName?: unknown; name?: unknown };
  return code === MAX_TIME_MS_EXPIRED || codeName === 'MaxTimeMSExpired' || (typeof name === 'string' && DRIVER_TIMEOUTS.has(name));
}
