import { decodeQueuedEvent, traceContextFrom, type JsMsg } from '@eye/messaging';
import type { EventWriter } from '@eye/store';
import { isStoreUnavailableError } from '@eye/store';
import { SpanKind, SpanStatusCode, getTracer, trace, type Logger } from '@eye/telemetry';
import { defaultRegistry } from '@eye/validators';
import type { ValidatorMetrics } from './metrics';
import { toDocuments, type ReceivedMessage } from './to-documents';

const tracer = getTracer('eye-validator');
const registeredTypes = defaultRegistry();

export interface BatchProcessorOptions {
  writer: EventWriter;
  subject: string;
  consumerName: string;
  clockSkewMs: number;
  metrics: ValidatorMetrics;
  logger: Logger;
  /** True once shutdown began: stop retrying and hand the batch back to JetStream. */
  stopping: () => boolean;
}

/**
 * Validates a pulled batch, writes it to MongoDB (retrying with backoff while MongoDB is away)
 * and acknowledges it only after the write. If shutdown interrupts an outage, the batch is
 * nak'ed so another validator takes it; nothing is acknowledged that was not stored.
 */
export class BatchProcessor {
  constructor(private readonly options: BatchProcessorOptions) {}

  async process(messages: JsMsg[]): Promise<void> {
    const { metrics } = this.options;
    const started = process.hrtime.bigint();
    const contexts = messages.map((message) => traceContextFrom(message.headers));
    const links = contexts.map((ctx) => trace.getSpanContext(ctx)).flatMap((spanContext) => (spanContext ? [{ context: spanContext }] : []));
    // The batch continues the first message's trace and links to every message's producer.
    await tracer.startActiveSpan(
      `process ${this.options.subject}`,
      {
        kind: SpanKind.CONSUMER,
        links,
        attributes: {
          'messaging.system': 'nats',
          'messaging.operation.type': 'process',
          'messaging.destination.name': this.options.subject,
          'messaging.consumer.group.name': this.options.consumerName,
          'messaging.batch.message_count': messages.length,
          ...(messages.length === 1 ? { 'messaging.message.id': messages[0].headers?.get('Nats-Msg-Id') ?? '' } : {}),
        },
      },
      contexts[0],
      async (span) => {
        try {
          const documents = tracer.startActiveSpan('validate events', (validateSpan) => {
            const result = toDocuments(messages.map(toReceived), this.options.clockSkewMs);
            validateSpan.setAttributes({ 'eye.events.valid': result.valid.length, 'eye.events.invalid': result.invalid.length });
            validateSpan.end();
            return result;
          });
          const stored = await this.writeUntilStored(messages, documents.valid, documents.invalid);
          if (!stored) {
            for (const message of messages) message.nak();
            span.setStatus({ code: SpanStatusCode.ERROR, message: 'shut down before MongoDB returned; batch handed back' });
            return;
          }
          for (const message of messages) message.ack();
          for (const event of documents.valid) metrics.eventsStored.inc(typeLabels('valid', event.category, event.name));
          for (const event of documents.invalid) metrics.eventsStored.inc(typeLabels('invalid', event.category, event.name));
        } finally {
          metrics.batchSize.observe(messages.length);
          metrics.batchDuration.observe(Number(process.hrtime.bigint() - started) / 1e9);
          span.end();
        }
      },
    );
  }

  private async writeUntilStored(messages: JsMsg[], ...[valid, invalid]: Parameters<EventWriter['writeBatch']>): Promise<boolean> {
    let delay = 250;
    for (;;) {
      try {
        const result = await this.options.writer.writeBatch(valid, invalid);
        this.options.metrics.duplicates.inc(result.duplicates);
        this.options.logger.info(
          { batch: messages.length, valid: result.insertedValid, invalid: result.insertedInvalid, duplicates: result.duplicates },
          'batch stored',
        );
        return true;
      } catch (error) {
        if (!isStoreUnavailableError(error)) throw error;
        this.options.metrics.storeFailures.inc();
        this.options.logger.warn({ err: error, retry_in_ms: delay }, 'MongoDB write failed; keeping the batch and retrying');
        if (this.options.stopping()) return false;
        // Tell JetStream we are still working on these, so it does not redeliver them meanwhile.
        for (const message of messages) message.working();
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 5_000);
      }
    }
  }
}

function toReceived(message: JsMsg): ReceivedMessage {
  return { seq: message.seq, event: decodeQueuedEvent(message.data), payloadText: Buffer.from(message.data).toString('utf8') };
}

/** Metric labels by type; unregistered types share one label value to bound cardinality. */
function typeLabels(outcome: 'valid' | 'invalid', category: string | undefined, name: string | undefined) {
  const known = category !== undefined && name !== undefined && registeredTypes.get(category, name) !== undefined;
  return { outcome, category: known ? category : 'other', name: known ? name : 'other' };
}
