/**
 * Instrumentation for integration tests: a `fetch` that records every request and delegates to
 * the real global `fetch` (nothing is mocked; the requests reach the real gateway).
 */
import type { FetchLike } from '../http';

/** One request as the client made it. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** `performance.now()` when the client called fetch. */
  startedAt: number;
  /** When the answer's headers (or the network error) came back. */
  endedAt?: number;
  status?: number;
  retryAfter?: string | null;
  /** The network error's message, when there was no answer. */
  error?: string;
  /** Events in the body of a batch. */
  events?: number;
}

/** The recording fetch and what it has seen so far. */
export function recordingFetch(): { fetch: FetchLike; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const recording: FetchLike = async (url, init) => {
    const parsed = new URL(url);
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as { events?: unknown[] }) : undefined;
    const entry: RecordedRequest = {
      method: init.method ?? 'GET',
      path: parsed.pathname,
      startedAt: performance.now(),
      events: Array.isArray(body?.events) ? body.events.length : undefined,
    };
    requests.push(entry);
    try {
      const response = await fetch(url, init);
      entry.status = response.status;
      entry.retryAfter = response.headers.get('retry-after');
      return response;
    } catch (error) {
      entry.error = (error as Error).message;
      throw error;
    } finally {
      entry.endedAt = performance.now();
    }
  };
  return { fetch: recording, requests };
}
