import { hasErrorCode, type ErrorCode } from '@eye/rpc';
import type { Response } from 'express';

/** The one mapping from the contract's stable codes to HTTP statuses. */
export const HTTP_STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  invalid_json: 400,
  invalid_request: 400,
  invalid_query: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** Seconds a client should wait before retrying a 503 or 429. */
export const RETRY_AFTER_SECONDS = 2;

/** An error the gateway answers itself, before or instead of calling a service. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  /** Overrides {@link RETRY_AFTER_SECONDS} (e.g. the time until a rate limit lets the request through). */
  readonly retryAfterSeconds?: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown[],
    options?: { retryAfterSeconds?: number },
  ) {
    super(message);
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

/** Writes `{"error": {code, message, details?}}` with the status of its code. */
export function sendError(res: Response, error: unknown): void {
  const known = hasErrorCode(error);
  const code: ErrorCode = known ? error.code : 'internal';
  const message = known ? error.message : 'internal error';
  const status = HTTP_STATUS_BY_CODE[code];
  if (status === 503 || status === 429) {
    const retryAfter = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    res.setHeader('Retry-After', String(typeof retryAfter === 'number' ? retryAfter : RETRY_AFTER_SECONDS));
  }
  const details = known && error.details?.length ? { details: error.details } : {};
  res.status(status).json({ error: { code, message, ...details } });
}
