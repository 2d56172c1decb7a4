import { ensureConsumer, partitionConsumers, type JsMsg } from '@eye/messaging';
import { createLogger } from '@eye/telemetry';
import { testMongoUrl, testNatsUrl } from '@eye/testing';
import type { BatchProcessor } from './batch-processor';
import { ConsumeLoop } from './consume-loop';
import { sleep, validEvents, ValidatorPipeline } from './test-support/pipeline';

/**
 * The loop's scheduling against real JetStream: how many batches are in the processor at once.
 * The processor here only records what it was given and acknowledges it after a pause standing
 * in for an insert (the real one is covered by the validator's own suites).
 */
describe('ConsumeLoop: up to `concurrency` batches in the processor at once', () => {
  let pipeline: ValidatorPipeline;

  beforeAll(async () => {
    pipeline = await ValidatorPipeline.open({ natsUrl: testNatsUrl(), mongoUrl: testMongoUrl() });
  });

  afterAll(async () => {
    await pipeline?.close();
  });

  /**
   * A loop of `concurrency` on a consumer of its own (deleted by `close`: the work-queue stream
   * allows one per subject), after `events` events of application `name` were published.
   */
  async function loopOn(name: string, events: number, concurrency: number, processor: Pick<BatchProcessor, 'process'>) {
    const [consumer] = partitionConsumers(
      { stream: pipeline.stream, subject: pipeline.subject, durable: `${pipeline.consumer}-${name}`, ackWaitMs: 30_000, maxAckPending: 1_000, maxDeliver: 5 },
      [0],
    );
    await ensureConsumer(await pipeline.nats.jsm(), consumer);
    await pipeline.publish(validEvents(name, events, { sessions: 10 }));
    const loop = new ConsumeLoop({
      nats: pipeline.nats,
      consumer,
      batchSize: 100,
      concurrency,
      heartbeatMs: 1_000,
      processor,
      stopping: new AbortController(),
      logger: createLogger({ service: 'consume-loop-test', level: 'silent' }),
    });
    return {
      loop,
      /** Stops the loop; the consumer's state just before it is deleted. */
      close: async () => {
        await loop.stop();
        const jsm = await pipeline.nats.jsm();
        const info = await jsm.consumers.info(pipeline.stream, consumer.durable);
        await jsm.consumers.delete(pipeline.stream, consumer.durable);
        return info;
      },
    };
  }

  /** Consumes `events` messages with a loop of `concurrency`; what the processor saw. */
  async function consume(concurrency: number, events: number) {
    const seen = { seqs: [] as number[], inProcessor: 0, mostInProcessor: 0 };
    const { loop, close } = await loopOn(`loop-c${concurrency}`, events, concurrency, {
      async process(messages: JsMsg[]) {
        seen.inProcessor += 1;
        seen.mostInProcessor = Math.max(seen.mostInProcessor, seen.inProcessor);
        await sleep(100);
        for (const message of messages) {
          seen.seqs.push(message.seq);
          message.ack();
        }
        seen.inProcessor -= 1;
        return true;
      },
    });
    const fatal: unknown[] = [];
    loop.start((error) => fatal.push(error));
    await pipeline.waitUntil(`${events} messages processed`, async () => seen.seqs.length >= events, 30_000);
    const info = await close();
    return { ...seen, fatal, ackPending: info.num_ack_pending, pending: info.num_pending };
  }

  it.each([1, 2, 3])('concurrency %i: that many batches at once at most, every message processed and acknowledged once', async (concurrency) => {
    const result = await consume(concurrency, 1_000);
    expect(result.fatal).toEqual([]);
    expect(result.mostInProcessor).toBe(concurrency);
    expect(result.seqs).toHaveLength(1_000);
    expect(new Set(result.seqs).size).toBe(1_000);
    expect(result.ackPending).toBe(0);
    expect(result.pending).toBe(0);
  });

  it('a batch the processor throws on ends the loop with that error', async () => {
    let calls = 0;
    const { loop, close } = await loopOn('loop-fatal', 300, 2, {
      async process() {
        calls += 1;
        if (calls === 1) throw new Error('a bug in the processor');
        await sleep(50);
        return true;
      },
    });
    const fatal = await new Promise<unknown>((resolve) => loop.start(resolve));
    expect(fatal).toEqual(new Error('a bug in the processor'));
    await close();
  });
});
