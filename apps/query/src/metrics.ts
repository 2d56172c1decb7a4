import { createMetricsRegistry, registerRequestMetrics } from '@eye/telemetry';
import { Counter } from 'prom-client';

/** The query service's Prometheus families. */
export function queryMetrics() {
  const registry = createMetricsRegistry('eye-query');
  return {
    registry,
    requests: registerRequestMetrics(registry),
    itemsReturned: new Counter({
      name: 'eye_query_items_returned_total',
      help: 'Events and invalid events returned by list calls, by method.',
      labelNames: ['method'],
      registers: [registry],
    }),
  };
}

export type QueryMetrics = ReturnType<typeof queryMetrics>;
