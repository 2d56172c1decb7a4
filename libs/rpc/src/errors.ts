import type { ErrorCode } from './error-codes';
import { isErrorCode } from './error-codes';

/**
 * An error that carries one of the contract's stable codes. Libraries define their own
 * subclasses (or any Error with a matching `code`); {@link hasErrorCode} recognises them all.
 */
export class ServiceError extends Error {
  override readonly name: string = 'ServiceError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An error returned by a remote gRPC service, translated back to its stable code. */
export class RemoteCallError extends ServiceError {
  override readonly name = 'RemoteCallError';
}

/** True for any error that names one of the contract's codes, whichever package threw it. */
export function hasErrorCode(error: unknown): error is Error & { code: ErrorCode; details?: unknown[] } {
  return error instanceof Error && isErrorCode((error as { code?: unknown }).code);
}
