import { createMetricsRegistry, registerRequestMetrics } from '@eye/telemetry';
import { Counter, Histogram } from 'prom-client';

/** The ingest service's Prometheus families. */
export function ingestMetrics() {
  const registry = createMetricsRegistry('eye-ingest');
  return {
    registry,
    requests: registerRequestMetrics(registry),
    eventsAccepted: new Counter({
      name: 'eye_events_accepted_total',
      help: 'Events acknowledged by JetStream and answered as accepted, by application.',
      labelNames: ['application'],
      registers: [registry],
    }),
    authLookups: new Counter({
      name: 'eye_auth_lookups_total',
      help: 'Token lookups that reached the applications store (cache misses), by result (found/unknown/failed).',
      labelNames: ['result'],
      registers: [registry],
    }),
    publishDuration: new Histogram({
      name: 'eye_publish_duration_seconds',
      help: 'Time for JetStream to acknowledge all events of one call (or for that publish to fail), by outcome (ok/error).',
      labelNames: ['outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
  };
}

export type IngestMetrics = ReturnType<typeof ingestMetrics>;
