import { createMetricsRegistry, registerRequestMetrics } from '@eye/telemetry';
import { Counter } from 'prom-client';

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
  };
}

export type IngestMetrics = ReturnType<typeof ingestMetrics>;
