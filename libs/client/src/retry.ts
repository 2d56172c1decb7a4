/**
 * When to retry and how long to wait: exponential backoff with full jitter, with the server's
 * `Retry-After` as the minimum wait.
 */

/** How the client retries a request that may succeed later. */
export interface RetryPolicy {
  /** Retries after the first attempt; a request is tried at most `maxRetries + 1` times. */
  maxRetries: number;
  /** The backoff cap of the first retry; it doubles per retry. */
  baseMs: number;
  /** The largest backoff cap. */
  maxMs: number;
}

/**
 * The defaults: 8 retries, caps 0.5 s, 1 s, 2 s, ... 30 s. A request the server keeps refusing
 * gives up after at most 91.5 s of backoff (about 46 s on average with full jitter), or longer
 * when the server asks for more with `Retry-After`.
 */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({ maxRetries: 8, baseMs: 500, maxMs: 30_000 });

/** A `Retry-After` above this is treated as this (a guard against nonsense values). */
export const MAX_RETRY_AFTER_MS = 5 * 60_000;

/**
 * The backoff before retry number `retry` (1 for the first retry): a uniformly random wait in
 * `[0, min(maxMs, baseMs * 2^(retry-1))]` ("full jitter"), so that many clients that failed
 * together do not come back together.
 */
export function backoffDelay(retry: number, policy: Pick<RetryPolicy, 'baseMs' | 'maxMs'>, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * cap);
}

/** The wait before retry number `retry`: the jittered backoff, but never less than `Retry-After`. */
export function retryDelay(
  retry: number,
  policy: Pick<RetryPolicy, 'baseMs' | 'maxMs'>,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  const backoff = backoffDelay(retry, policy, random);
  return retryAfterMs === undefined ? backoff : Math.max(backoff, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
}

/**
 * `Retry-After` in milliseconds: delay-seconds (`"2"`, also `"1.5"`) or an HTTP date, relative to
 * `now`. `undefined` when absent or unreadable; never negative.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  // An HTTP date always names a weekday or month; anything else (e.g. "-1") is unreadable.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Statuses worth retrying: 408, 429 and every 5xx. The Eye answers 503 (with `Retry-After`) when
 * its queue or a backend is unreachable and nothing was accepted; 502/504 come from proxies; a
 * 500 is a server fault. Retrying is safe because every event carries its own `event_id`.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}
