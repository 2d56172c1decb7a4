import { Counter, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

/** Labels of the request families: `route` is a template, never a raw path with ids. */
export type RequestLabel = 'route' | 'method' | 'status';

/**
 * One finished request. HTTP: `route` `/v1/events`, `method` `POST`, `status` `202`.
 * gRPC: `route` `/eye.v1.IngestService/PublishEvents`, `method` `grpc`, `status` `OK`.
 */
export interface RequestOutcome {
  route: string;
  method: string;
  status: string | number;
}

/** The request families every Eye service exposes under the same names. */
export interface RequestMetrics {
  /** `eye_requests_duration_seconds`, a histogram of handling time. */
  readonly duration: Histogram<RequestLabel>;
  /** `eye_requests_total`, a counter of finished requests. */
  readonly total: Counter<RequestLabel>;
  /** Records one finished request that took `seconds`. */
  observe(outcome: RequestOutcome, seconds: number): void;
  /** Starts timing a request; call the result with its status when it finishes. */
  startTimer(request: Omit<RequestOutcome, 'status'>): (status: string | number) => void;
}

/** Name of the request latency histogram. */
export const REQUEST_DURATION_METRIC = 'eye_requests_duration_seconds';
/** Name of the request counter. */
export const REQUEST_TOTAL_METRIC = 'eye_requests_total';

/** 1 ms to 10 s: ingest and query answer in milliseconds, a slow MongoDB or deadline takes seconds. */
export const REQUEST_DURATION_BUCKETS: readonly number[] = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

const LABELS: RequestLabel[] = ['route', 'method', 'status'];

function registered<T>(registry: Registry, name: string, create: () => T): T {
  // Registering twice on one registry is an error in prom-client; hand back the first instead.
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/** Registers (or returns, when already registered) the request families on `registry`. */
export function registerRequestMetrics(registry: Registry): RequestMetrics {
  const duration = registered(
    registry,
    REQUEST_DURATION_METRIC,
    () =>
      new Histogram<RequestLabel>({
        name: REQUEST_DURATION_METRIC,
        help: 'Time to handle a request, from receipt to response, in seconds.',
        labelNames: LABELS,
        buckets: [...REQUEST_DURATION_BUCKETS],
        registers: [registry],
      }),
  );
  const total = registered(
    registry,
    REQUEST_TOTAL_METRIC,
    () =>
      new Counter<RequestLabel>({
        name: REQUEST_TOTAL_METRIC,
        help: 'Requests handled, by route, method and status.',
        labelNames: LABELS,
        registers: [registry],
      }),
  );

  const observe = (outcome: RequestOutcome, seconds: number): void => {
    const labels = { route: outcome.route, method: outcome.method, status: String(outcome.status) };
    duration.observe(labels, seconds);
    total.inc(labels);
  };
  return {
    duration,
    total,
    observe,
    startTimer(request) {
      const started = process.hrtime.bigint();
      return (status) => observe({ ...request, status }, Number(process.hrtime.bigint() - started) / 1e9);
    },
  };
}
