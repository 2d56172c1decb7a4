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
  constructor(
    code: ErrorCode,
    message: string,
    details: unknown[] | undefined,
    /** The gRPC status the call ended with. */
    readonly status: number,
    options?: { cause?: unknown },
  ) {
    super(code, message, details, options);
  }
}

/** gRPC's DEADLINE_EXCEEDED. */
const DEADLINE_EXCEEDED = 4;

/** True for a remote call that ran out of time (whatever the remote service did meanwhile). */
export function isDeadlineExceeded(error: unknown): boolean {
  return error instanceof Error && error.name === 'RemoteCallError' && (error as RemoteCallError).status === DEADLINE_EXCEEDED;
}

/** True for any error that names one of the contract's codes, whichever package threw it. */
export function hasErrorCode(error: unknown): error is Error & { code: ErrorCode; details?: unknown[] } {
  return error instanceof Error && isErrorCode((error as { code?: unknown }).code);
}
