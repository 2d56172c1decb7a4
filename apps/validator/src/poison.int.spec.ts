import { testMongoDescription } from '@eye/testing';
import { formSubmit, pageview, changed } from './test-support/event-cases';
import type { ValidatorPipeline} from './test-support/pipeline';
import { metricValue, openWithValidator, queued, sleep, validEvents, type PipelineWithValidator } from './test-support/pipeline';

/**
 * Events that once stopped a validator for good (the serializer refused one, the batch was retried
 * forever and everything behind it waited), among 1,000 ordinary ones: each bad one is kept as an
 * invalid event with its code, every other one is stored once, within seconds, and nothing waits.
 */
describe('events that cannot be stored as sent', () => {
  let setup: PipelineWithValidator;
  let pipeline: ValidatorPipeline;
  let opsUrl: string;

  beforeAll(async () => {
    setup = await openWithValidator({ EYE_VALIDATOR_BATCH_SIZE: '200' });
    ({ pipeline, opsUrl } = setup);
  });

  afterAll(async () => {
    await setup?.close();
  });

  it('keeps each as an invalid event with its code and stores the 1,000 around them once, never blocking', async () => {
    const app = 'poison-app';
    const form = (value: unknown) => ({ host: 'www.example.com', path: '/signup', form: value });
    const deep = JSON.parse(`${'{"a":'.repeat(39)}1${'}'.repeat(39)}`) as unknown;
    const bad = {
      bsontype: queued(app, changed(formSubmit, { event_id: 'bad-bsontype', data: form({ _bsontype: 'x' }) })),
      // The JSON escape of an unpaired surrogate: JSON.stringify writes it as \ud800.
      surrogate: queued(app, changed(formSubmit, { event_id: 'bad-surrogate', data: form({ '\ud800': 'x', ok: '\udc00' }) })),
      deep: queued(app, changed(pageview, { event_id: 'bad-deep', data: { host: 'www.example.com', path: '/', nested: deep } })),
      // Valid by every rule; PostgreSQL (FerretDB's backend here) cannot hold a NUL in a string.
      refused: queued(app, changed(formSubmit, { event_id: 'bad-refused', data: form({ note: 'a\u0000b' }) })),
    };
    const normal = validEvents(app, 1_000, { sessions: 25 });
    const messages = [...normal.slice(0, 100), bad.bsontype, ...normal.slice(100, 400), bad.surrogate, ...normal.slice(400, 700), bad.deep, ...normal.slice(700, 900), bad.refused, ...normal.slice(900)];

    // Readiness is sampled all along: the database is there, so it must say ready throughout.
    const readiness: number[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        readiness.push((await fetch(`${opsUrl}/readyz`)).status);
        await sleep(100);
      }
    })();

    await pipeline.publish(messages);
    // "Within seconds": a bound on waiting, not a measurement (the bench measures).
    await pipeline.waitUntil('every message is settled', async () => {
      const counts = await pipeline.counts({ application: app });
      return counts.events + counts.invalid >= 1_004;
    }, 30_000);
    await pipeline.waitUntil('the stream is drained', async () => (await pipeline.messagesInStream()) === 0, 10_000);
    sampling = false;
    await sampler;

    const refusedHere = testMongoDescription() === 'FerretDB on PostgreSQL';
    const codes = async (eventId: string) => (await pipeline.stored.findOne({ _id: `${app}/${eventId}` }))?.codes;
    expect({
      bsontype: await codes('bad-bsontype'),
      surrogate: await codes('bad-surrogate'),
      deep: await codes('bad-deep'),
      refused: await codes('bad-refused'),
    }).toEqual({
      bsontype: ['invalid_format'],
      surrogate: ['invalid_format'],
      deep: ['too_deep'],
      // Where the database takes it, it is simply a valid event.
      refused: refusedHere ? ['unstorable'] : undefined,
    });
    if (refusedHere) {
      expect(await pipeline.invalidEvent({ _id: `${app}/bad-refused` })).toMatchObject({ raw_json: bad.refused.raw, issues: [{ path: '', code: 'unstorable' }] });
      expect(await metricValue(`${opsUrl}/metrics`, 'eye_events_unstorable_total')).toBe(1);
    }

    // Every ordinary event once; the bad ones are invalid (or the refused one valid where it is not refused).
    expect(await pipeline.counts({ application: app })).toEqual({ events: refusedHere ? 1_000 : 1_001, invalid: refusedHere ? 4 : 3 });
    const storedIds = new Set((await pipeline.validEvents({ application: app })).map((event) => event.event_id));
    for (const event of normal) expect(storedIds.has(event.eventId)).toBe(true);

    // Nothing was retried: no failed write, no redelivery, no dead letter; within seconds.
    expect(await metricValue(`${opsUrl}/metrics`, 'eye_validator_store_failures_total')).toBe(0);
    expect(await metricValue(`${opsUrl}/metrics`, 'eye_dead_letters_total')).toBe(0);
    expect((await pipeline.consumerInfo()).num_redelivered).toBe(0);
    expect(readiness.length).toBeGreaterThan(0);
    expect(readiness.every((status) => status === 200)).toBe(true);
    expect(setup.validator.running).toBe(true);
  });
});
