import { createMetricsRegistry } from '@eye/telemetry';
import { Counter, Gauge, Histogram } from 'prom-client';

/** The validator's Prometheus families. */
export function validatorMetrics() {
  const registry = createMetricsRegistry('eye-validator');
  return {
    registry,
    eventsStored: new Counter({
      name: 'eye_events_stored_total',
      help: 'Events newly stored, by outcome (valid/invalid) and event type (registered types only).',
      labelNames: ['outcome', 'category', 'name'],
      registers: [registry],
    }),
    duplicates: new Counter({
      name: 'eye_events_duplicate_total',
      help: 'Messages whose event key was stored already (redelivery, a repeated event id): the first message stored wins.',
      registers: [registry],
    }),
    batchSize: new Histogram({
      name: 'eye_validator_batch_size',
      help: 'Messages per pulled batch.',
      buckets: [1, 5, 10, 25, 50, 100, 200, 500, 1000],
      registers: [registry],
    }),
    batchDuration: new Histogram({
      name: 'eye_validator_batch_duration_seconds',
      help: 'Time from pulling a batch to acknowledging it, including MongoDB retries.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    storeFailures: new Counter({
      name: 'eye_validator_store_failures_total',
      help: 'Writes the database did not take (away, failing over, timing out) and that were retried.',
      registers: [registry],
    }),
    unstorable: new Counter({
      name: 'eye_events_unstorable_total',
      help: 'Events the database refused for their content, stored as invalid events with the issue unstorable.',
      registers: [registry],
    }),
    deadLetters: new Counter({
      name: 'eye_dead_letters_total',
      help: 'Messages recorded in dead_letters: not storable as events on their last delivery.',
      registers: [registry],
    }),
    consumerPending: new Gauge({ name: 'eye_consumer_pending_messages', help: 'Messages in the stream not yet delivered to the validators.', registers: [registry] }),
    consumerAckPending: new Gauge({ name: 'eye_consumer_ack_pending_messages', help: 'Messages delivered and not yet acknowledged.', registers: [registry] }),
    consumerRedelivered: new Gauge({ name: 'eye_consumer_redelivered_messages', help: 'Delivered messages that were redelivered at least once.', registers: [registry] }),
  };
}

export type ValidatorMetrics = ReturnType<typeof validatorMetrics>;
