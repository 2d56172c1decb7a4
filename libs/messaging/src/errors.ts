/** The queue (NATS JetStream) cannot take or confirm messages right now; nothing was accepted. */
export class QueueUnavailableError extends Error {
  override readonly name = 'QueueUnavailableError';
  readonly code = 'unavailable' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function isQueueUnavailableError(error: unknown): error is QueueUnavailableError {
  return error instanceof Error && error.name === 'QueueUnavailableError';
}

/**
 * One event does not fit in a NATS message (the server's `max_payload`) even compressed. It is
 * the sender's doing, not an outage: retrying cannot help.
 */
export class EventTooLargeError extends Error {
  override readonly name = 'EventTooLargeError';
  readonly code = 'payload_too_large' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
