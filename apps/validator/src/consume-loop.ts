import { getConsumer, pullMessages, type ConsumerSettings, type NatsLink } from '@eye/messaging';
import type { Logger } from '@eye/telemetry';
import type { Consumer, JsMsg } from '@nats-io/jetstream';
import type { BatchProcessor } from './batch-processor';

export interface ConsumeLoopOptions {
  nats: NatsLink;
  consumer: Pick<ConsumerSettings, 'stream' | 'durable'>;
  batchSize: number;
  /** How many batches may be validated and stored at once (1: one after the other). */
  concurrency?: number;
  /** How long a batch that is not full waits for more messages, counted from its oldest one's arrival (0: none). */
  batchWaitMs?: number;
  /** How often messages waiting here tell JetStream they are in hand (`working`), well within the ack wait. */
  heartbeatMs: number;
  processor: Pick<BatchProcessor, 'process'>;
  /** Aborted by {@link ConsumeLoop.stop}; the processor stops retrying on it. */
  stopping: AbortController;
  logger: Logger;
}

/** How long one pull stays open waiting for messages (the client's minimum). */
const PULL_EXPIRES_MS = 1_000;

/**
 * Consumes the shared durable consumer until stopped. A reader pulls (up to `batchSize` at a
 * time, while fewer than `batchSize` wait) and hands each message over as it arrives; the
 * processor takes whatever has arrived when a batch can start, up to `batchSize`, once
 * the batch is full or its oldest message has waited `batchWaitMs`. So a lone event is stored
 * within `batchWaitMs` of its arrival, at low rates a few events share one insert, and under load
 * the batches are full and nothing waits. Up to `concurrency` batches are in the processor at
 * once, so one batch is validated while another's insert is on its way (the order in which
 * batches are stored does not matter: each event is one insert of its own key). Waiting
 * messages send `working` heartbeats (the batch in hand has the processor's), so JetStream never
 * redelivers them meanwhile. Pull errors (NATS away, the consumer not there yet) back off and
 * retry. On stop, the open pull runs out (at most {@link PULL_EXPIRES_MS}) and everything
 * received is still stored and acknowledged, so nothing is left delivered but unacknowledged;
 * unless MongoDB is away: then the batch in hand and all the others are handed back (nak) at once.
 * An error the processor does not handle (a bug) ends the loop and is passed to `onFatal`.
 */
export class ConsumeLoop {
  private stopped = false;
  private readerDone = false;
  /** Set when a batch was handed back on shutdown: every other message goes back too. */
  private handingBack = false;
  private finished: Promise<void> | undefined;
  /** Batches in the processor; each settles (never rejects) when its batch is done. */
  private readonly inFlight = new Set<Promise<void>>();
  /** The first error a batch threw (a bug): the loop ends with it. */
  private failure: { error: unknown } | undefined;
  /** Messages in hand, oldest first, each with when it arrived (`Date.now()` ms). */
  private readonly received: { message: JsMsg; arrivedAtMs: number }[] = [];
  private wakeProcessor: (() => void) | undefined;
  private wakeReader: (() => void) | undefined;
  /** Ends the processor's wait for a fuller batch (the batch is full, or stopping). */
  private endBatchWait: (() => void) | undefined;

  constructor(private readonly options: ConsumeLoopOptions) {}

  /** Starts consuming; `onFatal` gets an error nothing handled, after which nothing is consumed. */
  start(onFatal: (error: unknown) => void): void {
    this.finished = this.run().catch((error: unknown) => {
      this.stopped = true;
      this.wakeReader?.();
      onFatal(error);
    });
  }

  /** Stops pulling; resolves once everything received is stored and acknowledged (or handed back). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.options.stopping.abort();
    this.wakeReader?.();
    this.endBatchWait?.();
    await this.finished;
  }

  private async run(): Promise<void> {
    const heartbeat = setInterval(() => {
      for (const { message } of this.received) message.working();
    }, this.options.heartbeatMs);
    const reading = this.read().finally(() => {
      this.readerDone = true;
      this.wakeProcessor?.();
    });
    const concurrency = this.options.concurrency ?? 1;
    try {
      while (!this.readerDone || this.received.length > 0 || this.inFlight.size > 0) {
        if (this.failure) throw this.failure.error;
        if (this.received.length === 0 || this.inFlight.size >= concurrency) {
          await this.nextChange();
          continue;
        }
        await this.waitForFullerBatch();
        if (this.received.length > 0 && !this.failure) this.startNextBatch();
      }
      if (this.failure) throw this.failure.error;
    } finally {
      // On a failure, other batches may still be in the processor: they end with the shutdown
      // that follows (their messages are redelivered if it comes first).
      clearInterval(heartbeat);
    }
    await reading;
  }

  private async read(): Promise<void> {
    const { nats, logger, batchSize } = this.options;
    let consumer: Consumer | undefined;
    let delay = 250;
    while (!this.stopped) {
      try {
        consumer ??= await getConsumer(nats, this.options.consumer);
        while (this.received.length >= batchSize && !this.stopped) {
          await new Promise<void>((resolve) => (this.wakeReader = resolve));
          this.wakeReader = undefined;
        }
        if (this.stopped) break;
        for await (const message of await pullMessages(consumer, batchSize, PULL_EXPIRES_MS)) {
          if (this.handingBack) {
            message.nak();
            continue;
          }
          this.received.push({ message, arrivedAtMs: Date.now() });
          this.wakeProcessor?.();
          if (this.received.length >= batchSize) this.endBatchWait?.();
        }
        delay = 250;
      } catch (error) {
        if (this.stopped) break;
        consumer = undefined;
        logger.warn({ err: error, retry_in_ms: delay }, 'pulling from JetStream failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 5_000);
      }
    }
  }

  /** Until the batch is full, its oldest message has waited `batchWaitMs`, or the loop stops. */
  private async waitForFullerBatch(): Promise<void> {
    const waitMs = (this.received[0]?.arrivedAtMs ?? 0) + (this.options.batchWaitMs ?? 0) - Date.now();
    if (waitMs <= 0 || this.stopped || this.received.length >= this.options.batchSize) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, waitMs);
      this.endBatchWait = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.endBatchWait = undefined;
  }

  /** Until a message arrives, the reader is done, or a batch in the processor settles. */
  private async nextChange(): Promise<void> {
    await Promise.race([new Promise<void>((resolve) => (this.wakeProcessor = resolve)), ...this.inFlight]);
    this.wakeProcessor = undefined;
  }

  /**
   * Hands the next batch to the processor without waiting for it. A batch handed back (shutdown
   * during a MongoDB outage) sends every other message back too.
   */
  private startNextBatch(): void {
    const startedAtMs = this.received[0]?.arrivedAtMs ?? Date.now();
    const batch = this.received.splice(0, this.options.batchSize).map(({ message }) => message);
    this.wakeReader?.();
    const settled: Promise<void> = this.options.processor
      .process(batch, { startedAtMs, endedAtMs: Date.now() })
      .then(
        (stored) => {
          if (stored) return;
          this.handingBack = true;
          for (const { message } of this.received.splice(0)) message.nak();
        },
        (error: unknown) => {
          this.failure ??= { error };
        },
      )
      .finally(() => this.inFlight.delete(settled));
    this.inFlight.add(settled);
  }
}
