import { freePort, startService, testMongoUrl, testNatsUrl, type ServiceProcess } from '@eye/testing';
import { ValidatorPipeline, metricValue, sleep, validEvents } from './test-support/pipeline';

/**
 * `EYE_VALIDATOR_BATCH_WAIT`: events arriving one by one within the wait share one insert (at a
 * low rate each would otherwise be an insert of its own, which costs FerretDB far more than the
 * events), and a lone event is still stored once the wait is over.
 */
describe('a batch that is not full waits EYE_VALIDATOR_BATCH_WAIT for more events', () => {
  let pipeline: ValidatorPipeline;
  let validator: ServiceProcess;
  let opsUrl: string;

  beforeAll(async () => {
    pipeline = await ValidatorPipeline.open({ natsUrl: testNatsUrl(), mongoUrl: testMongoUrl() });
    const port = await freePort();
    opsUrl = `http://127.0.0.1:${port}`;
    validator = await startService('validator', { env: pipeline.validatorEnv({ EYE_METRICS_PORT: String(port), EYE_VALIDATOR_BATCH_WAIT: '1s' }) });
  });

  afterAll(async () => {
    await validator?.stop();
    await pipeline?.close();
  });

  it('stores events sent one by one within the wait with one insert, and a lone event after it', async () => {
    const app = 'batch-wait-app';
    const events = validEvents(app, 6, { sessions: 2 });
    for (const event of events.slice(0, 5)) {
      await pipeline.publish([event]);
      await sleep(20);
    }
    await pipeline.waitForCounts({ events: 5, invalid: 0 }, { application: app, timeoutMs: 10_000 });
    expect(await metricValue(`${opsUrl}/metrics`, 'eye_validator_batch_size_count')).toBe(1);
    expect(await metricValue(`${opsUrl}/metrics`, 'eye_validator_batch_size_sum')).toBe(5);

    await pipeline.publish([events[5]]);
    await pipeline.waitForCounts({ events: 6, invalid: 0 }, { application: app, timeoutMs: 10_000 });
    expect(await metricValue(`${opsUrl}/metrics`, 'eye_validator_batch_size_count')).toBe(2);
    expect(await metricValue(`${opsUrl}/metrics`, 'eye_validator_batch_size_sum')).toBe(6);
  });
});
