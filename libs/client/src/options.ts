/** The client's options, their defaults and limits. */
import type { EyeError } from './errors';
import { EyeUsageError } from './errors';
import type { FetchLike } from './http';
import { DEFAULT_RETRY_POLICY } from './retry';
import type { WireEvent } from './types';

/** Why events were dropped: the queue was full (the oldest queued event makes room). */
export type DropReason = 'queue_full';

/** Options of {@link EyeClient}. */
export interface EyeClientOptions {
  /** The gateway, e.g. `http://127.0.0.1:8000`. */
  url: string;
  /** An application's bearer token (scope `ingest` to send, `query` to read). */
  token: string;
  /** Events per request, 1..500 (the contract's batch limit). Default 100. */
  batchSize?: number;
  /** The longest a partial batch waits before it is sent. Default 1000 ms. */
  flushIntervalMs?: number;
  /** Events that may wait to be sent (not counting the batch in flight). Default 10,000. */
  maxQueue?: number;
  /** Retries of a request after its first attempt. Default 8 (see `retryBaseMs`). */
  maxRetries?: number;
  /** The backoff cap of the first retry, doubling per retry. Default 500 ms. */
  retryBaseMs?: number;
  /** The largest backoff cap. Default 30,000 ms. */
  retryMaxMs?: number;
  /** Request body limit of one batch (the gateway's default limit is 1 MiB). Default 1,000,000. */
  maxBatchBytes?: number;
  /** How long one request may take before it counts as a network error. Default 30,000 ms. */
  requestTimeoutMs?: number;
  /** Events that failed for good (the error names them in `eventIds`). Must not throw. */
  onError?: (error: EyeError) => void;
  /** Events dropped before they were sent. Must not throw. */
  onDrop?: (events: WireEvent[], reason: DropReason) => void;
  /** Default: the global `fetch`. */
  fetch?: FetchLike;
}

/** {@link EyeClientOptions} with every default filled in. */
export type ResolvedOptions = Required<Omit<EyeClientOptions, 'onError' | 'onDrop'>> & Pick<EyeClientOptions, 'onError' | 'onDrop'>;

/** The contract's largest batch. */
export const MAX_BATCH_SIZE = 500;

/** Fills in defaults and checks ranges; throws {@link EyeUsageError} on a bad option. */
export function resolveOptions(options: EyeClientOptions): ResolvedOptions {
  const resolved: ResolvedOptions = {
    batchSize: 100,
    flushIntervalMs: 1_000,
    maxQueue: 10_000,
    maxRetries: DEFAULT_RETRY_POLICY.maxRetries,
    retryBaseMs: DEFAULT_RETRY_POLICY.baseMs,
    retryMaxMs: DEFAULT_RETRY_POLICY.maxMs,
    maxBatchBytes: 1_000_000,
    requestTimeoutMs: 30_000,
    fetch: (url, init) => fetch(url, init),
    ...withoutUndefined(options),
    url: options.url,
    token: options.token,
  };
  if (!/^https?:\/\/[^/]/i.test(resolved.url)) throw new EyeUsageError(`url must be an http(s) URL, got ${JSON.stringify(resolved.url)}`);
  if (typeof resolved.token !== 'string' || resolved.token === '') throw new EyeUsageError('token is required');
  checkInteger('batchSize', resolved.batchSize, 1, MAX_BATCH_SIZE);
  checkInteger('flushIntervalMs', resolved.flushIntervalMs, 0);
  checkInteger('maxQueue', resolved.maxQueue, 1);
  checkInteger('maxRetries', resolved.maxRetries, 0);
  checkInteger('retryBaseMs', resolved.retryBaseMs, 0);
  checkInteger('retryMaxMs', resolved.retryMaxMs, 0);
  checkInteger('maxBatchBytes', resolved.maxBatchBytes, 1);
  checkInteger('requestTimeoutMs', resolved.requestTimeoutMs, 1);
  return resolved;
}

function checkInteger(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new EyeUsageError(`${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
