import { decodeQueuedEvent, traceContextFrom, type JsMsg } from '@eye/messaging';
import type { BatchWriteResult, EventWriter } from '@eye/store';
import { isStoreUnavailableError } from '@eye/store';
import {
  ATTR_MESSAGING_BATCH_MESSAGE_COUNT,
  ATTR_MESSAGING_CONSUMER_GROUP_NAME,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_MESSAGE_ID,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
  MESSAGING_OPERATION_TYPE,
  MESSAGING_SYSTEM_NATS,
  SpanKind,
  SpanStatusCode,
  getTracer,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Logger,
} from '@eye/telemetry';
import type { EventTypeRegistry } from '@eye/validators';
import type { ValidatorMetrics } from './metrics';
import { toDocuments, type ReceivedMessage } from './to-documents';

const tracer = getTracer('eye-validator');

export interface BatchProcessorOptions {
  writer: EventWriter;
  subject: string;
  consumerName: string;
  clockSkewMs: number;
  metrics: ValidatorMetrics;
  logger: Logger;
  /** True once shutdown began: stop retrying and hand the batch back to JetStream. */
  stopping: () => boolean;
  /** How often to tell JetStream the batch in hand is still being worked on (well under the ack wait). */
  heartbeatMs: number;
  /** The event types to validate with now (built-ins plus registered ones); read once per batch. */
  eventTypes: () => EventTypeRegistry;
}

/** When the pull that returned a batch began and ended, in `Date.now()` ms (the clock span start times use). */
export interface PullTiming {
  startedAtMs: number;
  endedAtMs: number;
}

/**
 * Validates a pulled batch, writes it to MongoDB (retrying with backoff while MongoDB is away)
 * and acknowledges it only after the write. If shutdown interrupts an outage, the batch is
 * nak'ed so another validator takes it; nothing is acknowledged that was not stored.
 */
export class BatchProcessor {
  constructor(private readonly options: BatchProcessorOptions) {}

  /**
   * `pull` times the fetch that returned `messages`; without it the `receive` span ends when
   * processing starts. Resolves `true` once the batch is stored and acknowledged, `false` when
   * shutdown began during a MongoDB outage and the batch was handed back (nak).
   */
  async process(messages: JsMsg[], pull?: PullTiming): Promise<boolean> {
    const { metrics } = this.options;
    const started = process.hrtime.bigint();
    const contexts = messages.map((message) => traceContextFrom(message.headers));
    const links: Link[] = contexts.map((ctx) => trace.getSpanContext(ctx)).flatMap((spanContext) => (spanContext ? [{ context: spanContext }] : []));
    // Both spans continue the first message's trace and link to every message's producer.
    this.recordReceive(messages, contexts[0], links, pull);
    return tracer.startActiveSpan(
      `process ${this.options.subject}`,
      { kind: SpanKind.CONSUMER, links, attributes: this.messagingAttributes(messages, MESSAGING_OPERATION_TYPE.PROCESS) },
      contexts[0],
      async (span) => {
        try {
          const registry = this.options.eventTypes();
          const documents = tracer.startActiveSpan('validate events', (validateSpan) => {
            const result = toDocuments(messages.map(toReceived), this.options.clockSkewMs, registry);
            validateSpan.setAttributes({ 'eye.events.valid': result.valid.length, 'eye.events.invalid': result.invalid.length });
            validateSpan.end();
            return result;
          });
          const stored = await tracer.startActiveSpan('store events', async (storeSpan) => {
            try {
              return await this.writeUntilStored(messages, documents.valid, documents.invalid);
            } catch (error) {
              storeSpan.recordException(error as Error);
              storeSpan.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
              throw error;
            } finally {
              storeSpan.end();
            }
          });
          if (!stored) {
            for (const message of messages) message.nak();
            span.setStatus({ code: SpanStatusCode.ERROR, message: 'shut down before MongoDB returned; batch handed back' });
            return false;
          }
          for (const message of messages) message.ack();
          // Only what this batch newly stored: duplicates are counted apart.
          for (const event of documents.valid) if (stored.insertedIds.has(event._id)) metrics.eventsStored.inc(typeLabels(registry, 'valid', event.category, event.name));
          for (const event of documents.invalid) if (stored.insertedIds.has(event._id)) metrics.eventsStored.inc(typeLabels(registry, 'invalid', event.category, event.name));
          return true;
        } finally {
          metrics.batchSize.observe(messages.length);
          metrics.batchDuration.observe(Number(process.hrtime.bigint() - started) / 1e9);
          span.end();
        }
      },
    );
  }

  private messagingAttributes(messages: JsMsg[], operation: string): Attributes {
    return {
      [ATTR_MESSAGING_SYSTEM]: MESSAGING_SYSTEM_NATS,
      [ATTR_MESSAGING_OPERATION_TYPE]: operation,
      [ATTR_MESSAGING_DESTINATION_NAME]: this.options.subject,
      [ATTR_MESSAGING_CONSUMER_GROUP_NAME]: this.options.consumerName,
      [ATTR_MESSAGING_BATCH_MESSAGE_COUNT]: messages.length,
      ...(messages.length === 1 ? { [ATTR_MESSAGING_MESSAGE_ID]: messages[0].headers?.get('Nats-Msg-Id') ?? '' } : {}),
    };
  }

  /**
   * The `receive` span of a pulled batch. A pull waits for messages that may not exist yet, so the
   * span starts when the batch's first message was stored in the stream (or the pull began, if
   * later) and ends when the pull returned: the time these messages spent waiting to be fetched.
   */
  private recordReceive(messages: JsMsg[], parent: Context, links: Link[], pull: PullTiming | undefined): void {
    const endedAtMs = pull?.endedAtMs ?? Date.now();
    // Stream timestamps in µs precision: `message.time` would round down to the millisecond.
    const firstStoredMs = Math.min(...messages.map((message) => Number(message.timestampNanos / 1_000n) / 1_000));
    const startedAtMs = Math.min(endedAtMs, Math.max(pull?.startedAtMs ?? firstStoredMs, firstStoredMs));
    tracer
      .startSpan(
        `receive ${this.options.subject}`,
        { kind: SpanKind.CLIENT, startTime: startedAtMs, links, attributes: this.messagingAttributes(messages, MESSAGING_OPERATION_TYPE.RECEIVE) },
        parent,
      )
      .end(endedAtMs);
  }

  /** The write's result, or undefined when shutdown began before MongoDB took the batch. */
  private async writeUntilStored(messages: JsMsg[], ...[valid, invalid]: Parameters<EventWriter['writeBatch']>): Promise<BatchWriteResult | undefined> {
    // Tell JetStream we are still working on these while the write takes (MongoDB slow or away),
    // so it does not hand them to another validator meanwhile.
    const heartbeat = setInterval(() => {
      for (const message of messages) message.working();
    }, this.options.heartbeatMs);
    try {
      return await this.writeWithRetries(messages, valid, invalid);
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async writeWithRetries(messages: JsMsg[], ...[valid, invalid]: Parameters<EventWriter['writeBatch']>): Promise<BatchWriteResult | undefined> {
    let delay = 250;
    for (;;) {
      try {
        const result = await this.options.writer.writeBatch(valid, invalid);
        this.options.metrics.duplicates.inc(result.duplicates);
        this.options.logger.info(
          { batch: messages.length, valid: result.insertedValid, invalid: result.insertedInvalid, duplicates: result.duplicates },
          'batch stored',
        );
        return result;
      } catch (error) {
        if (!isStoreUnavailableError(error)) throw error;
        this.options.metrics.storeFailures.inc();
        this.options.logger.warn({ err: error, retry_in_ms: delay }, 'batch not stored yet (MongoDB away, or another validator still counting it); keeping it and retrying');
        if (this.options.stopping()) return undefined;
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
function typeLabels(registry: EventTypeRegistry, outcome: 'valid' | 'invalid', category: string | undefined, name: string | undefined) {
  const known = category !== undefined && name !== undefined && registry.get(category, name) !== undefined;
  return { outcome, category: known ? category : 'other', name: known ? name : 'other' };
}
