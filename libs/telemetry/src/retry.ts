/** The logger calls a retry loop makes. */
interface RetryLogger {
  warn(obj: object, msg?: string): void;
}

/**
 * Retries `attempt` with capped exponential backoff until it succeeds. For start-up dependencies
 * that may come up after the service (NATS, MongoDB). It never gives up on its own; an error
 * `giveUpOn` recognises (a permanent one, such as a refused configuration) is thrown at once.
 */
export async function retryUntilReady<T>(
  attempt: () => Promise<T>,
  options: { what: string; logger: RetryLogger; maxDelayMs?: number; giveUpOn?: (error: unknown) => boolean },
): Promise<T> {
  let delay = 200;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (options.giveUpOn?.(error)) throw error;
      options.logger.warn({ err: error, retry_in_ms: delay }, `${options.what} not ready; retrying`);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, options.maxDelayMs ?? 5_000);
    }
  }
}
