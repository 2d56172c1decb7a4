import { setTimeout as sleep } from 'node:timers/promises';
import { decodeQueuedEvent, isLastDelivery, traceContextFrom, traceIdFrom, type JsMsg } from '@eye/messaging';
import { isStoreUnavailableError, unstorableEventDocument, type DeadLetter, type DeadLetters, type EventWriter, type StoredEventDocument } from '@eye/store';
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
import { toPendingEvent, type PendingEvent, type ReceivedMessage } from './to-documents';

const tracer = getTracer('eye-validator');

export interface BatchProcessorOptions {
  writer: EventWriter;
  deadLetters: DeadLetters;
  /** Hands a message on its last delivery back to the stream with a fresh delivery count. */
  requeue: (message: JsMsg) => Promise<void>;
  stream: string;
  subject: string;
  consumerName: string;
  clockSkewMs: number;
  /** The consumer's most deliveries of one message. */
  maxDeliver: number;
  metrics: ValidatorMetrics;
  logger: Logger;
  /** Aborted once shutdown began: stop retrying and hand the batch back to JetStream. */
  stopSignal: AbortSignal;
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

/** What storing a batch came to. */
interface Stored {
  /** The documents this batch newly stored (unstorable replacements included). */
  inserted: StoredEventDocument[];
  duplicates: number;
  unstorable: number;
  deadLettered: number;
}

/**
 * Validates a pulled batch, stores it with one insert per attempt (one document per event) and
 * acknowledges it only after the write.
 *
 * - The database away (unreachable, failing over, timing out): the batch is kept, retried with
 *   backoff and heartbeats, and {@link storeFailing} is true meanwhile (readiness says not ready).
 *   If shutdown interrupts, the batch is handed back: nak, or for a message on its last delivery a
 *   requeue (a nak would strand it).
 * - The database refusing one event for its content: that event is stored as an invalid event
 *   with the issue `unstorable` and its raw text; the rest of the batch is stored as usual. Should
 *   even that record be refused, the message goes to the dead letters.
 * - Messages JetStream delivered before are stored one at a time, so one that broke an earlier
 *   attempt breaks only itself. On its last delivery, a message that fails for any other reason
 *   is recorded in the dead letters with the error and acknowledged; before that, an unexpected
 *   error (a bug) is thrown, for the process to end loudly.
 */
export class BatchProcessor {
  private failing = false;

  constructor(private readonly options: BatchProcessorOptions) {}

  /** True while a write keeps failing because the database is away. */
  get storeFailing(): boolean {
    return this.failing;
  }

  /**
   * Stores and acknowledges `messages`. Resolves `true` once all are settled, `false` when
   * shutdown began while the database was away and what was not stored was handed back.
   */
  async process(messages: JsMsg[], pull?: PullTiming): Promise<boolean> {
    const fresh = messages.filter((message) => !message.redelivered);
    const again = messages.filter((message) => message.redelivered);
    const batches = [...(fresh.length > 0 ? [fresh] : []), ...again.map((message) => [message])];
    for (const [index, batch] of batches.entries()) {
      if (!(await this.processBatch(batch, index === 0 ? pull : undefined))) {
        await this.handBack(batches.slice(index + 1).flat());
        return false;
      }
    }
    return true;
  }

  private processBatch(messages: JsMsg[], pull: PullTiming | undefined): Promise<boolean> {
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
          const pending = tracer.startActiveSpan('validate events', (validateSpan) => {
            const result = messages.map((message) => toPendingEvent(toReceived(message), this.options.clockSkewMs, registry));
            const valid = result.filter(({ document }) => document.valid).length;
            validateSpan.setAttributes({ 'eye.events.valid': valid, 'eye.events.invalid': result.length - valid });
            validateSpan.end();
            return result;
          });
          const stored = await this.storeOrDeadLetter(messages, pending, span);
          if (!stored) {
            await this.handBack(messages);
            span.setStatus({ code: SpanStatusCode.ERROR, message: 'shut down while the database was away; batch handed back' });
            return false;
          }
          for (const message of messages) message.ack();
          metrics.duplicates.inc(stored.duplicates);
          metrics.unstorable.inc(stored.unstorable);
          metrics.deadLetters.inc(stored.deadLettered);
          for (const document of stored.inserted) metrics.eventsStored.inc(typeLabels(registry, document));
          this.options.logger.info(
            { batch: messages.length, stored: stored.inserted.length, duplicates: stored.duplicates, unstorable: stored.unstorable, dead_letters: stored.deadLettered },
            'batch stored',
          );
          return true;
        } finally {
          metrics.batchSize.observe(messages.length);
          metrics.batchDuration.observe(Number(process.hrtime.bigint() - started) / 1e9);
          span.end();
        }
      },
    );
  }

  /** {@link store}; a single message on its last delivery that fails for any other reason goes to the dead letters. */
  private async storeOrDeadLetter(messages: JsMsg[], pending: PendingEvent[], span: { recordException(error: Error): void }): Promise<Stored | undefined> {
    try {
      return await tracer.startActiveSpan('store events', async (storeSpan) => {
        try {
          return await this.store(messages, pending);
        } catch (error) {
          storeSpan.recordException(error as Error);
          storeSpan.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
          throw error;
        } finally {
          storeSpan.end();
        }
      });
    } catch (error) {
      const [message] = messages;
      if (messages.length !== 1 || !isLastDelivery(message, this.options.maxDeliver)) throw error;
      span.recordException(error as Error);
      this.options.logger.error({ err: error, seq: message.seq }, 'a message failed on its last delivery; recording it as a dead letter');
      return this.untilStored(async (): Promise<Stored> => {
        await this.options.deadLetters.record(this.deadLetter(message, (error as Error).message));
        return { inserted: [], duplicates: 0, unstorable: 0, deadLettered: 1 };
      });
    }
  }

  /**
   * Stores the batch, keeping it (with heartbeats) and retrying while the database is away.
   * Undefined when shutdown began first.
   */
  private async store(messages: JsMsg[], pending: PendingEvent[]): Promise<Stored | undefined> {
    const heartbeat = setInterval(() => {
      for (const message of messages) message.working();
    }, this.options.heartbeatMs);
    try {
      return await this.untilStored(() => this.storeOnce(messages, pending));
    } finally {
      clearInterval(heartbeat);
    }
  }

  /**
   * One attempt: inserts the batch's documents; those the database refuses are stored as
   * `unstorable` invalid events instead. A message whose replacement is refused too goes to the
   * dead letters; if the database will not take even that, it is not working (not the event's
   * fault) and the attempt fails as "unavailable", to be retried whole.
   */
  private async storeOnce(messages: JsMsg[], pending: PendingEvent[]): Promise<Stored> {
    const documents = pending.map(({ document }) => document);
    const first = await this.options.writer.insert(documents);
    const stored: Stored = { inserted: first.inserted.map((index) => documents[index]), duplicates: first.duplicates.length, unstorable: 0, deadLettered: 0 };
    if (first.refused.length === 0) return stored;

    for (const { index, reason } of first.refused) {
      this.options.logger.warn({ event: documents[index]._id, seq: documents[index].seq, reason }, 'the database refused an event; storing it as unstorable');
    }
    const replacements = first.refused.map(({ index, reason }) => unstorableEventDocument(documents[index], pending[index].rawJson, reason));
    const second = await this.options.writer.insert(replacements);
    stored.inserted.push(...second.inserted.map((index) => replacements[index]));
    stored.unstorable += second.inserted.length;
    stored.duplicates += second.duplicates.length;
    for (const { index, reason } of second.refused) {
      await this.options.deadLetters.record(this.deadLetter(messages[first.refused[index].index], reason));
      stored.deadLettered += 1;
    }
    return stored;
  }

  /**
   * Runs a write until the database takes it, backing off while it is away; undefined when shutdown
   * began first. Errors that do not say "the database is away" are thrown.
   */
  private async untilStored<T>(write: () => Promise<T>): Promise<T | undefined> {
    const { stopSignal, metrics, logger } = this.options;
    let delay = 250;
    for (;;) {
      try {
        const result = await write();
        this.failing = false;
        return result;
      } catch (error) {
        if (!isStoreUnavailableError(error)) throw error;
        this.failing = true;
        metrics.storeFailures.inc();
        logger.warn({ err: error, retry_in_ms: delay }, 'the database did not take the batch; keeping it and retrying');
        if (!stopSignal.aborted) await sleep(delay, undefined, { signal: stopSignal }).catch(() => undefined);
        if (stopSignal.aborted) {
          this.failing = false;
          return undefined;
        }
        delay = Math.min(delay * 2, 5_000);
      }
    }
  }

  /** Gives messages back to JetStream: a nak, or a requeue for one on its last delivery. */
  private async handBack(messages: JsMsg[]): Promise<void> {
    for (const message of messages) {
      if (!isLastDelivery(message, this.options.maxDeliver)) {
        message.nak();
        continue;
      }
      try {
        await this.options.requeue(message);
      } catch (error) {
        this.options.logger.error({ err: error, seq: message.seq }, 'could not requeue a message on its last delivery; JetStream keeps it undelivered until its max age');
        message.nak();
      }
    }
  }

  private deadLetter(message: JsMsg, lastError: string): DeadLetter {
    const messageId = message.headers?.get('Nats-Msg-Id');
    return {
      stream: this.options.stream,
      subject: message.subject,
      seq: message.seq,
      deliveries: message.info.deliveryCount,
      payload: message.data,
      ...(messageId ? { messageId } : {}),
      lastError,
    };
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
}

function toReceived(message: JsMsg): ReceivedMessage {
  const traceId = traceIdFrom(message.headers);
  return {
    seq: message.seq,
    event: decodeQueuedEvent(message.data),
    payloadText: Buffer.from(message.data).toString('utf8'),
    ...(traceId === undefined ? {} : { traceId }),
  };
}

/** Metric labels by verdict and type; unregistered types share one label value to bound cardinality. */
function typeLabels(registry: EventTypeRegistry, document: StoredEventDocument) {
  const { category, name } = document;
  const known = category !== undefined && name !== undefined && registry.get(category, name) !== undefined;
  return { outcome: document.valid ? 'valid' : 'invalid', category: known ? category : 'other', name: known ? name : 'other' };
}
