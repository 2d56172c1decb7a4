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

/**
 * The stream exists with another partition count than configured and still holds messages:
 * repartitioning it now would move sessions to other partitions while some of their events wait
 * in the old ones, so it is refused. Permanent for this configuration: the service must not
 * retry, but exit with this message.
 */
export class StreamPartitionsError extends Error {
  override readonly name = 'StreamPartitionsError';
  readonly code = 'partitions_changed' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function isStreamPartitionsError(error: unknown): error is StreamPartitionsError {
  return error instanceof Error && error.name === 'StreamPartitionsError';
}
