import {
  freePort,
  startMongoServer,
  startService,
  testNatsUrl,
  withDatabase,
  type MongoServer,
  type ServiceProcess,
} from '@eye/testing';
import { ValidatorPipeline, sessionMismatches, sleep, validEvents } from './test-support/pipeline';

/**
 * MongoDB (a FerretDB of this test's own) killed in the middle of a run and started again: the
 * validators keep their batches unacknowledged, back off, and resume by themselves; a validator
 * stopped during the outage hands its batch back. Everything is stored once, sessions exact.
 */
describe('validator while MongoDB is away', () => {
  let mongo: MongoServer;
  let pipeline: ValidatorPipeline;
  const running: ServiceProcess[] = [];

  beforeAll(async () => {
    mongo = await startMongoServer();
    pipeline = await ValidatorPipeline.open({ natsUrl: testNatsUrl(), mongoUrl: withDatabase(mongo.url, 'eye_outage', { retryWrites: false }) });
  });

  afterAll(async () => {
    await Promise.all(running.splice(0).map((process) => process.stop()));
    if (mongo && !mongo.running) await mongo.start();
    await pipeline?.close();
    await mongo?.destroy();
  });

  async function startValidator(): Promise<{ process: ServiceProcess; readyUrl: string }> {
    const port = await freePort();
    const env = { EYE_METRICS_PORT: String(port), EYE_VALIDATOR_ACK_WAIT: '4s', EYE_VALIDATOR_BATCH_SIZE: '100' };
    const process = await startService('validator', { env: pipeline.validatorEnv(env) });
    running.push(process);
    return { process, readyUrl: `http://127.0.0.1:${port}/readyz` };
  }

  it('stores everything exactly once after MongoDB returns, with no help', async () => {
    const [survivor, quitter] = await Promise.all([startValidator(), startValidator()]);
    const before = validEvents('outage-app', 2_000, { sessions: 30, prefix: 'before' });
    await pipeline.publish(before);
    await pipeline.waitUntil('some events are stored', async () => (await pipeline.counts()).events >= 200, 60_000);

    await mongo.stop({ signal: 'SIGKILL' });
    // Accepted while MongoDB is down: they wait in the stream.
    const during = validEvents('outage-app', 1_000, { sessions: 30, prefix: 'during' });
    await pipeline.publish(during);
    await pipeline.waitUntil('the validators report not ready', async () => (await fetch(survivor.readyUrl)).status === 503, 30_000);
    await sleep(2_000);

    // SIGTERM mid-outage: it gives its batch back and exits cleanly.
    expect(await quitter.process.stop('SIGTERM')).toBe(0);
    await sleep(3_000);

    await mongo.start();
    await pipeline.waitForCounts({ events: 3_000, invalid: 0 }, { timeoutMs: 90_000 });
    await pipeline.waitUntil('the stream is drained', async () => (await pipeline.messagesInStream()) === 0, 60_000);

    expect(await pipeline.counts()).toEqual({ events: 3_000, invalid: 0 });
    expect(await sessionMismatches(pipeline, [...before, ...during])).toEqual([]);
    expect(survivor.process.running).toBe(true);
    expect((await fetch(survivor.readyUrl)).status).toBe(200);
  });
});
