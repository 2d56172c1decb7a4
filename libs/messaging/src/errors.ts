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
