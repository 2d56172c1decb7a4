import type { QueuedEvent } from '@eye/messaging';
import { freePort, startService, testMongoUrl, testNatsUrl, type ServiceProcess } from '@eye/testing';
import { validateEventJson } from '@eye/validators';
import fc from 'fast-check';
import { ValidatorPipeline, queued } from './test-support/pipeline';

const SKEW_MS = 60_000;

const timestampText = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2020-12-31'), noInvalidDate: true })
  .chain((date) =>
    fc.constantFrom(
      date.toISOString(),
      date.toISOString().replace('T', ' ').replace('Z', ''),
      date.toISOString().replace('Z', '123+02:00'),
    ),
  );

const pageData = fc.record({ host: fc.constantFrom('www.consumeraffairs.com', 'localhost', 'a.example'), path: fc.string().map((path) => `/${path}`) });

/** Valid events of the three built-in types, timestamps in several accepted formats. */
const validEvent = fc.record({
  event_id: fc.uuid(),
  session_id: fc.uuid(),
  timestamp: timestampText,
  typed: fc.oneof(
    pageData.map((data) => ({ category: 'page interaction', name: 'pageview', data })),
    fc.tuple(pageData, fc.string({ minLength: 1 })).map(([data, element]) => ({ category: 'page interaction', name: 'cta click', data: { ...data, element } })),
    fc
      .tuple(pageData, fc.dictionary(fc.string().filter((key) => /^(?!\$)(?!__proto__$)[^.\u0000]+$/.test(key)), fc.oneof(fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null))))
      .map(([data, form]) => ({ category: 'form interaction', name: 'submit', data: { ...data, form } })),
  ),
}).map(({ typed, ...envelope }) => ({ ...envelope, ...typed }) as Record<string, unknown>);

/** One change that may break an event: a key removed, a value replaced by any JSON, a key added. */
const mutation = fc.oneof(
  fc.constantFrom('event_id', 'session_id', 'category', 'name', 'data', 'timestamp').map((key) => (event: Record<string, unknown>) => {
    const { [key]: _removed, ...rest } = event;
    return rest;
  }),
  fc.tuple(fc.constantFrom('event_id', 'session_id', 'category', 'name', 'data', 'timestamp'), fc.jsonValue({ maxDepth: 2 })).map(
    ([key, value]) => (event: Record<string, unknown>) => ({ ...event, [key]: value }),
  ),
  fc.tuple(fc.string(), fc.jsonValue({ maxDepth: 1 })).map(([key, value]) => (event: Record<string, unknown>) => ({ ...event, [key]: value })),
);

/** Valid events, some of them changed once or twice. */
const eventLike = fc
  .tuple(validEvent, fc.array(mutation, { maxLength: 2 }))
  .map(([event, changes]) => changes.reduce((current, change) => change(current), event));

/** Raw event text as a client might send it: JSON of any shape, event-like objects, or not JSON at all. */
const rawEvent = fc.oneof(
  { weight: 3, arbitrary: eventLike.map((event) => JSON.stringify(event)) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary' }) },
);

describe('validator on random events (fast-check)', () => {
  let pipeline: ValidatorPipeline;
  let validator: ServiceProcess;
  let readyUrl: string;

  beforeAll(async () => {
    pipeline = await ValidatorPipeline.open({ natsUrl: testNatsUrl(), mongoUrl: testMongoUrl() });
    const port = await freePort();
    readyUrl = `http://127.0.0.1:${port}/readyz`;
    validator = await startService('validator', { env: pipeline.validatorEnv({ EYE_METRICS_PORT: String(port) }) });
  });

  afterAll(async () => {
    await validator?.stop();
    await pipeline?.close();
  });

  it('never crashes, and stores every event once: valid in events or invalid in invalid_events, as the validator function says', async () => {
    const raws = fc.sample(rawEvent, { numRuns: 300, seed: Number(process.env['EYE_TEST_SEED'] ?? 4242) });
    const app = 'random-app';
    const receivedMicros = Date.now() * 1000;
    const messages: QueuedEvent[] = raws.map((raw) => queued(app, raw, { receivedMicros }));
    await pipeline.publish(messages);

    // One document per event key (application + event id); the first message of a key decides.
    const firstOfKey = new Map<string, QueuedEvent>();
    for (const message of messages) if (!firstOfKey.has(message.eventId)) firstOfKey.set(message.eventId, message);
    const expectedValid = [...firstOfKey.values()].filter((message) => validateEventJson(message.raw, { receivedAtMicros: receivedMicros, clockSkewMs: SKEW_MS }).valid);

    await pipeline.waitForCounts({ events: expectedValid.length, invalid: firstOfKey.size - expectedValid.length }, { application: app, timeoutMs: 60_000 });
    await pipeline.waitUntil('the stream is drained', async () => (await pipeline.messagesInStream()) === 0);

    expect(await pipeline.counts({ application: app })).toEqual({ events: expectedValid.length, invalid: firstOfKey.size - expectedValid.length });
    const validIds = new Set((await pipeline.validEvents({ application: app })).map((doc) => doc.event_id));
    const invalid = (await pipeline.stored.find({ application: app, valid: false }).toArray()).flatMap((doc) => (doc.valid ? [] : [doc]));
    for (const message of expectedValid) expect(validIds.has(message.eventId)).toBe(true);
    for (const doc of invalid) {
      // Kept exactly as sent, with at least one issue of a contract code.
      expect(doc.raw_json).toBe(firstOfKey.get(doc.event_id)?.raw);
      expect(doc.issues.length).toBeGreaterThan(0);
      expect(doc.codes).toEqual([...new Set(doc.issues.map((issue) => issue.code))]);
    }
    // Both kinds were exercised.
    expect(expectedValid.length).toBeGreaterThan(0);
    expect(invalid.length).toBeGreaterThan(0);
    expect(validator.running).toBe(true);
    expect((await fetch(readyUrl)).status).toBe(200);
  });
});
