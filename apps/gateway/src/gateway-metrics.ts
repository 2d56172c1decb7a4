import { createMetricsRegistry, registerRequestMetrics } from '@eye/telemetry';
import { Counter } from 'prom-client';

/** The gateway's Prometheus families, served on its ops port. */
export function gatewayMetrics() {
  const registry = createMetricsRegistry('eye-gateway');
  return {
    registry,
    requests: registerRequestMetrics(registry),
    authLookups: new Counter({
      name: 'eye_auth_lookups_total',
      help: 'Token lookups the gateway asked ingest for (cache misses of tokens that could be genuine), by result (found/unknown/failed).',
      labelNames: ['result'],
      registers: [registry],
    }),
    rateLimitedRequests: new Counter({
      name: 'eye_rate_limited_requests_total',
      help: 'Requests answered 429 rate_limited, by application.',
      labelNames: ['application'],
      registers: [registry],
    }),
    rateLimitedEvents: new Counter({
      name: 'eye_rate_limited_events_total',
      help: 'Events in requests answered 429 rate_limited, by application.',
      labelNames: ['application'],
      registers: [registry],
    }),
    publishWaitingFull: new Counter({
      name: 'eye_publish_waiting_full_total',
      help: "Requests answered 503 because their application's waiting list for publish calls was full.",
      registers: [registry],
    }),
  };
}

export type GatewayMetrics = ReturnType<typeof gatewayMetrics>;
