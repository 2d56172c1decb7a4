import { Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Creates the Prometheus registry of one service: Node.js process metrics (CPU, memory, event loop
 * lag, GC, handles) and a `service` label on every series.
 */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}
