import { freePort, startService, testMongoUrl, testNatsUrl, type ServiceProcess } from '@eye/testing';
import { ValidatorPipeline, metricValue, sessionMismatches, validEvents } from './test-support/pipeline';

/**
 * Several validator processes on one durable consumer, with JetStream redelivering what a killed
 * process had in hand: every event stored once, every session summary (computed from the stored
 * events) exact.
 */
describe('validators sharing one consumer', () => {
  let pipeline: ValidatorPipeline;
  const running: ServiceProcess[] = [];

  async function startValidator(env: Record<string, string> = {}): Promise<{ process: ServiceProcess; metricsUrl: string }> {
    const port = await freePort();
    const process = await startService('validator', { env: pipeline.validatorEnv({ EYE_METRICS_PORT: String(port), ...env }) });
    running.push(process);
    return { process, metricsUrl: `http://127.0.0.1:${port}/metrics` };
  }

  beforeEach(async () => {
    pipeline = await ValidatorPipeline.open({ natsUrl: testNatsUrl(), mongoUrl: testMongoUrl() });
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((process) => process.stop()));
    await pipeline.close();
  });

  it('two validators fed 10,000 events store exactly 10,000 and keep every session count exact', async () => {
    const started = Date.now();
    const [a, b] = await Promise.all([startValidator({ EYE_VALIDATOR_BATCH_SIZE: '500' }), startValidator({ EYE_VALIDATOR_BATCH_SIZE: '500' })]);
    const events = validEvents('load-app', 10_000, { sessions: 50 });
    await pipeline.publish(events);
    // A few copies again, as after the duplicate window: still one document each.
    for (const event of events.slice(0, 50)) await pipeline.publishAgain(event);

    await pipeline.waitForCounts({ events: 10_000, invalid: 0 }, { timeoutMs: 150_000 });
    await pipeline.waitUntil('the stream is drained', async () => (await pipeline.messagesInStream()) === 0, 60_000);
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(`10,000 events stored by two validators in ${seconds.toFixed(1)} s (${Math.round(10_000 / seconds)} events/s)\n`);

    expect(await pipeline.counts()).toEqual({ events: 10_000, invalid: 0 });
    // The 50 summaries, as the query service computes them on this database, match what was sent.
    expect(await sessionMismatches(pipeline, events)).toEqual([]);
    // Both took part, and between them they stored each event once.
    const stored = await Promise.all([a, b].map(({ metricsUrl }) => metricValue(metricsUrl, 'eye_events_stored_total')));
    expect(stored.every((count) => count > 0)).toBe(true);
    const duplicates = await Promise.all([a, b].map(({ metricsUrl }) => metricValue(metricsUrl, 'eye_events_duplicate_total')));
    expect(duplicates[0] + duplicates[1]).toBeGreaterThanOrEqual(50);
  });

  it('a validator killed mid-batch leaves nothing lost and nothing doubled once its messages are redelivered', async () => {
    const ackWait = { EYE_VALIDATOR_ACK_WAIT: '2s', EYE_VALIDATOR_BATCH_SIZE: '100' };
    const victim = await startValidator(ackWait);
    const events = validEvents('crash-app', 3_000, { sessions: 40 });
    await pipeline.publish(events);

    await pipeline.waitUntil('the victim stored some events', async () => (await pipeline.counts()).events >= 300, 60_000);
    await victim.process.kill();
    const afterKill = await pipeline.consumerInfo();
    // It died holding delivered, unacknowledged messages: JetStream must redeliver them.
    expect(afterKill.num_ack_pending).toBeGreaterThan(0);
    expect((await pipeline.counts()).events).toBeLessThan(3_000);

    await startValidator(ackWait);
    await pipeline.waitForCounts({ events: 3_000, invalid: 0 }, { timeoutMs: 120_000 });
    await pipeline.waitUntil('the stream is drained', async () => (await pipeline.messagesInStream()) === 0, 60_000);

    expect(await pipeline.counts()).toEqual({ events: 3_000, invalid: 0 });
    expect(await sessionMismatches(pipeline, events)).toEqual([]);
    const info = await pipeline.consumerInfo();
    expect(info.delivered.consumer_seq).toBeGreaterThan(3_000);
  });

  it('SIGTERM: finishes and acknowledges the batch in hand, then exits 0', async () => {
    const { process: validator } = await startValidator({ EYE_VALIDATOR_BATCH_SIZE: '100' });
    const events = validEvents('term-app', 2_000, { sessions: 20 });
    await pipeline.publish(events);
    await pipeline.waitUntil('some events are stored', async () => (await pipeline.counts()).events > 0, 60_000);

    expect(await validator.stop('SIGTERM')).toBe(0);
    const info = await pipeline.consumerInfo();
    expect(info.num_ack_pending).toBe(0);
    // Work-queue stream: what is left in it is exactly what was not stored.
    expect((await pipeline.counts()).events + (await pipeline.messagesInStream())).toBe(2_000);
  });
});
