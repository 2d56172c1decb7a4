import { fetchBatch, getConsumer, type ConsumerSettings, type NatsLink } from '@eye/messaging';
import type { Logger } from '@eye/telemetry';
import type { BatchProcessor } from './batch-processor';

export interface ConsumeLoopOptions {
  nats: NatsLink;
  consumer: Pick<ConsumerSettings, 'stream' | 'durable'>;
  batchSize: number;
  processor: BatchProcessor;
  logger: Logger;
}

/**
 * Pulls batches from the shared durable consumer until stopped. Pull errors (NATS away, the
 * consumer not there yet) back off and retry; the batch in hand is always finished first.
 */
export class ConsumeLoop {
  private stopped = false;
  private finished: Promise<void> | undefined;

  constructor(private readonly options: ConsumeLoopOptions) {}

  get stopping(): boolean {
    return this.stopped;
  }

  start(): void {
    this.finished = this.run();
  }

  /** Stops pulling; resolves once the batch in hand is stored and acknowledged (or handed back). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.finished;
  }

  private async run(): Promise<void> {
    const { nats, logger } = this.options;
    let delay = 250;
    while (!this.stopped) {
      try {
        const consumer = await getConsumer(nats, this.options.consumer);
        while (!this.stopped) {
          const startedAtMs = Date.now();
          const batch = await fetchBatch(consumer, this.options.batchSize, 1_000);
          delay = 250;
          if (batch.length > 0) await this.options.processor.process(batch, { startedAtMs, endedAtMs: Date.now() });
        }
      } catch (error) {
        if (this.stopped) break;
        logger.warn({ err: error, retry_in_ms: delay }, 'pulling from JetStream failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 5_000);
      }
    }
  }
}
