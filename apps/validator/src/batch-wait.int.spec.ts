import type { ValidatorPipeline} from './test-support/pipeline';
import { metricValue, openWithValidator, sleep, validEvents, type PipelineWithValidator } from './test-support/pipeline';

/**
 * `EYE_VALIDATOR_BATCH_WAIT`: events arriving one by one within the wait share one insert (at a
 * low rate each would otherwise be an insert of its own, which costs FerretDB far more than the
 * events), and a lone event is still stored once the wait is over.
 */
describe('a batch that is not full waits EYE_VALIDATOR_BATCH_WAIT for more events', () => {
  let setup: PipelineWithValidator;
  let pipeline: ValidatorPipeline;
  let metricsUrl: string;

  beforeAll(async () => {
    setup = await openWithValidator({ EYE_VALIDATOR_BATCH_WAIT: '1s' });
    pipeline = setup.pipeline;
    metricsUrl = `${setup.opsUrl}/metrics`;
  });

  afterAll(async () => {
    await setup?.close();
  });

  it('stores events sent one by one within the wait with one insert, and a lone event after it', async () => {
    const app = 'batch-wait-app';
    const events = validEvents(app, 6, { sessions: 2 });
    for (const event of events.slice(0, 5)) {
      await pipeline.publish([event]);
      await sleep(20);
    }
    await pipeline.waitForCounts({ events: 5, invalid: 0 }, { application: app, timeoutMs: 10_000 });
    expect(await metricValue(metricsUrl, 'eye_validator_batch_size_count')).toBe(1);
    expect(await metricValue(metricsUrl, 'eye_validator_batch_size_sum')).toBe(5);

    await pipeline.publish([events[5]]);
    await pipeline.waitForCounts({ events: 6, invalid: 0 }, { application: app, timeoutMs: 10_000 });
    expect(await metricValue(metricsUrl, 'eye_validator_batch_size_count')).toBe(2);
    expect(await metricValue(metricsUrl, 'eye_validator_batch_size_sum')).toBe(6);
  });
});
