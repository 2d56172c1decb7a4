/** What a load worker is asked to do (passed as JSON in its first argument). */
export interface LoadSpec {
  /** Shown in the progress lines. */
  label: string;
  url: string;
  path: string;
  token?: string;
  /** Fixed body sent with every request; or use `eventsPerRequest` + `uniqueIds` for generated bodies. */
  body?: string;
  /** Generated bodies: 1 → one event object (POST /v1/events); more → `{"events": [...]}`. */
  eventsPerRequest?: number;
  /** Give every generated event its own `event_id` (`<idPrefix>-<n>`), so stored events can be checked one by one. */
  idPrefix?: string;
  /** Generated events go round-robin to this many sessions (default 1,000). */
  sessions?: number;
  connections: number;
  durationSeconds?: number;
  /** Stop after this many requests (takes precedence over the duration). */
  amount?: number;
  /** Requests per second over all connections; unlimited when absent. */
  overallRate?: number;
  /**
   * With `overallRate`: send one request every `1 / overallRate` seconds, whether or not earlier
   * ones answered (an open loop, as independent users send), and time each from when it was due.
   * Without it autocannon sends each second's quota as fast as its connections allow, so requests
   * arrive in bursts and wait on each other.
   */
  paced?: boolean;
  /** Write the ids of every accepted event (one per line) here. */
  acceptedIdsFile?: string;
}

/** What a load worker reports (the last line of its stdout). */
export interface LoadResult {
  requests: number;
  /** 2xx responses per second over the run. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Connection errors, timeouts and non-2xx responses. */
  errors: number;
  statusCounts: Record<string, number>;
  durationSeconds: number;
  /** Events in 2xx responses. */
  acceptedEvents: number;
}
