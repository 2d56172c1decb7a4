/**
 * The client's errors. Every one is an `EyeError` with a stable `code`; branch on `name` or
 * `code` through the type guards below rather than `instanceof`, which fails when two copies of
 * this package are loaded.
 */

/** Options shared by the client's errors. */
export interface EyeErrorOptions {
  /** The error this one explains. */
  cause?: unknown;
  /** Ids of the events that failed because of it (empty for reads). */
  eventIds?: readonly string[];
}

/** The base of every error this package throws or reports. */
export class EyeError extends Error {
  override readonly name: string = 'EyeError';
  /** A stable code: the server's error code, or one of the client's own. */
  readonly code: string;
  /** Ids of the events that failed because of this error (empty for reads). */
  readonly eventIds: readonly string[];

  constructor(code: string, message: string, options: EyeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.eventIds = options.eventIds ?? [];
  }
}

/** What the server answered with an error: `{"error": {"code", "message", "details"?}}`. */
export interface EyeRequestErrorOptions extends EyeErrorOptions {
  status: number;
  code: string;
  message: string;
  details?: readonly unknown[];
  /** The `Retry-After` the server sent, in milliseconds, if any. */
  retryAfterMs?: number;
}

/**
 * The server answered a request with an error status. `code` is the server's stable error code
 * (`unauthenticated`, `forbidden`, `invalid_request`, `unavailable`, ...) or
 * `unexpected_response` when the body was not The Eye's error JSON.
 */
export class EyeRequestError extends EyeError {
  override readonly name = 'EyeRequestError';
  readonly status: number;
  readonly details: readonly unknown[];
  readonly retryAfterMs: number | undefined;

  constructor(options: EyeRequestErrorOptions) {
    super(options.code, options.message, options);
    this.status = options.status;
    this.details = options.details ?? [];
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The request never got an answer: connection refused or reset, DNS failure, timeout. */
export class EyeNetworkError extends EyeError {
  override readonly name = 'EyeNetworkError';

  constructor(message: string, options: EyeErrorOptions = {}) {
    super('network_error', message, options);
  }
}

/** `track()` after `close()`. */
export class EyeClientClosedError extends EyeError {
  override readonly name = 'EyeClientClosedError';

  constructor() {
    super('client_closed', 'the client is closed: track() is not accepted after close()');
  }
}

/** An argument the client cannot use: an invalid option, an event that is not JSON. */
export class EyeUsageError extends EyeError {
  override readonly name = 'EyeUsageError';

  constructor(message: string, options: EyeErrorOptions = {}) {
    super('invalid_usage', message, options);
  }
}

const EYE_ERROR_NAMES = new Set(['EyeError', 'EyeRequestError', 'EyeNetworkError', 'EyeClientClosedError', 'EyeUsageError']);

/** True for any error of this package (by name, so it works across package copies). */
export function isEyeError(error: unknown): error is EyeError {
  return error instanceof Error && EYE_ERROR_NAMES.has(error.name) && typeof (error as EyeError).code === 'string';
}

/** True for an error answer of the server. */
export function isEyeRequestError(error: unknown): error is EyeRequestError {
  return isEyeError(error) && error.name === 'EyeRequestError';
}

/** True when no answer came back (the events may or may not have been accepted). */
export function isEyeNetworkError(error: unknown): error is EyeNetworkError {
  return isEyeError(error) && error.name === 'EyeNetworkError';
}
