/**
 * `@the-eye/client`: send events to The Eye and read them back, from Node.js ≥ 20, with no
 * dependencies beyond the global `fetch`.
 *
 * @packageDocumentation
 */
export { EyeClient, type EyeClientStats } from './client';
export type { EyeClientOptions, DropReason } from './options';
export { MAX_BATCH_SIZE } from './options';
export type { FlushSummary, FlushFailure } from './flush';
export { Paged, type PageReader } from './paged';
export type { FetchLike } from './http';
export {
  EyeError,
  EyeRequestError,
  EyeNetworkError,
  EyeClientClosedError,
  EyeUsageError,
  isEyeError,
  isEyeRequestError,
  isEyeNetworkError,
  type EyeErrorOptions,
  type EyeRequestErrorOptions,
} from './errors';
export { DEFAULT_RETRY_POLICY, backoffDelay, retryDelay, parseRetryAfter, isRetryableStatus, type RetryPolicy } from './retry';
export type {
  TrackEvent,
  WireEvent,
  ValidationIssue,
  ValidationResult,
  StoredEvent,
  InvalidEvent,
  SessionSummary,
  Stats,
  StatsTimeline,
  EventType,
  TimeBound,
  PageOptions,
  EventFilters,
  SessionEventFilters,
  ErrorFilters,
  StatsFilters,
  Page,
} from './types';
