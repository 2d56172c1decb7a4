import { COLLECTIONS, INDEXES } from '@eye/store';
import { freePort, startService, testMongoFlavor, testMongoUrl, testNatsUrl, type ServiceProcess } from '@eye/testing';
import { INVALID_CASES, RECEIVED_AT_MICROS, VALID_CASES, changed, pageview } from './test-support/event-cases';
import { ValidatorPipeline, metricValue, queued } from './test-support/pipeline';

/** The validator as a real process on the harness NATS and database, fed straight through JetStream. */
describe('validator service', () => {
  let pipeline: ValidatorPipeline;
  let validator: ServiceProcess;
  let metricsUrl: string;

  beforeAll(async () => {
    pipeline = await ValidatorPipeline.open({ natsUrl: testNatsUrl(), mongoUrl: testMongoUrl() });
    const port = await freePort();
    metricsUrl = `http://127.0.0.1:${port}/metrics`;
    validator = await startService('validator', { env: pipeline.validatorEnv({ EYE_METRICS_PORT: String(port) }) });
  });

  afterAll(async () => {
    await validator?.stop();
    await pipeline?.close();
  });

  it('stores the valid events and records the invalid ones, as the contract needs them', async () => {
    const app = 'table-app';
    const valid = VALID_CASES.map((c) => ({ c, event: queued(app, c.raw, { receivedMicros: RECEIVED_AT_MICROS }) }));
    const invalid = INVALID_CASES.map((c) => ({ c, event: queued(app, c.raw, { receivedMicros: RECEIVED_AT_MICROS }) }));
    await pipeline.publish([...valid, ...invalid].map(({ event }) => event));

    await pipeline.waitForCounts({ events: valid.length, invalid: invalid.length }, { application: app });

    for (const { c, event } of valid) {
      const stored = await pipeline.stored.findOne({ _id: `${app}/${event.eventId}` });
      expect({ title: c.title, stored }).toEqual({
        title: c.title,
        stored: expect.objectContaining({
          valid: true,
          application: app,
          event_id: event.eventId,
          ...c.expected,
          timestamp: new Date(Math.floor(c.expected.ts_us / 1000)),
          received_at: new Date(RECEIVED_AT_MICROS / 1000),
          received_us: RECEIVED_AT_MICROS,
          seq: expect.any(Number),
        }),
      });
    }
    for (const { c, event } of invalid) {
      const stored = await pipeline.invalidEvent({ _id: `${app}/${event.eventId}` });
      expect({ title: c.title, raw: stored?.raw_json }).toEqual({ title: c.title, raw: c.raw });
      expect({ title: c.title, issues: stored?.issues.map((issue) => [issue.path, issue.code]) }).toEqual({ title: c.title, issues: c.issues });
      expect(stored).toMatchObject({
        valid: false,
        rejected: true,
        application: app,
        event_id: event.eventId,
        received_at: new Date(RECEIVED_AT_MICROS / 1000),
        codes: [...new Set(c.issues.map(([, code]) => code))],
      });
      expect({ session_id: stored?.session_id, category: stored?.category, name: stored?.name }).toEqual({
        session_id: c.known.session_id,
        category: c.known.category,
        name: c.known.name,
      });
    }

    // The challenge's session: its valid events in the table, all at ...27.243860, summarized from them.
    const session = await (await pipeline.sessionReader()).summary(pageview.session_id);
    const sessionEvents = await pipeline.validEvents({ session_id: pageview.session_id });
    expect(session).toMatchObject({
      event_count: sessionEvents.length,
      first_us: Math.min(...sessionEvents.map((e) => e.ts_us)),
      last_us: Math.max(...sessionEvents.map((e) => e.ts_us)),
      categories: ['form interaction', 'page interaction'],
      applications: [app],
    });
  });

  it('records an undecodable message as invalid_format and goes on with the next ones', async () => {
    const app = 'after-garbage';
    const garbage = ['\u0000\u00ff not json', '{"v":2,"something":"else"}', ''];
    const sequences: number[] = [];
    for (const payload of garbage) sequences.push(await pipeline.publishBytes(payload));
    const after = [queued(app, JSON.stringify(pageview)), queued(app, changed(pageview, { name: 'scroll' }))];
    await pipeline.publish(after);

    await pipeline.waitForCounts({ events: 1, invalid: 1 }, { application: app });
    await pipeline.waitForCounts({ events: 0, invalid: garbage.length }, { application: '_unknown' });
    for (const [index, seq] of sequences.entries()) {
      const stored = await pipeline.invalidEvent({ seq, application: '_unknown' });
      expect(stored?.issues.map((issue) => [issue.path, issue.code])).toEqual([['', 'invalid_format']]);
      expect(stored?.codes).toEqual(['invalid_format']);
      // The payload is kept as a JSON string of its text.
      expect(typeof JSON.parse(stored?.raw_json ?? 'null')).toBe('string');
      if (index > 0) expect(JSON.parse(stored?.raw_json ?? 'null')).toBe(garbage[index]);
    }
    expect(await pipeline.messagesInStream()).toBe(0);
  });

  it('never stores an event twice: repeated messages, a repeated event id, and the same id in two applications', async () => {
    const first = queued('dup-a', changed(pageview, { event_id: 'same-id', session_id: 'dup-session-1' }));
    // Same application and event id, other content (a later resend): the first one stays.
    const resent = queued('dup-a', changed(pageview, { event_id: 'same-id', session_id: 'dup-session-2', data: { host: 'b.example', path: '/' } }));
    // Same id, invalid this time: still the same event, so no invalid event either.
    const resentInvalid = queued('dup-a', changed(pageview, { event_id: 'same-id', user: 'x' }));
    const otherApp = queued('dup-b', changed(pageview, { event_id: 'same-id', session_id: 'dup-session-1' }));
    const invalidOnce = queued('dup-a', changed(pageview, { event_id: 'bad-once', name: 'scroll' }));

    await pipeline.publish([first, otherApp, invalidOnce]);
    // Delivered again, as after the duplicate window: JetStream stores each a second time.
    await pipeline.publishAgain(first);
    await pipeline.publishAgain(first);
    await pipeline.publishAgain(invalidOnce);
    await pipeline.publishAgain(resent);
    await pipeline.publishAgain(resentInvalid);
    const marker = queued('dup-marker', JSON.stringify(pageview));
    await pipeline.publish([marker]);

    await pipeline.waitForCounts({ events: 1, invalid: 0 }, { application: 'dup-marker' });
    await pipeline.waitUntil('the stream is drained', async () => (await pipeline.messagesInStream()) === 0);
    expect(await pipeline.counts({ application: 'dup-a' })).toEqual({ events: 1, invalid: 1 });
    expect(await pipeline.counts({ application: 'dup-b' })).toEqual({ events: 1, invalid: 0 });
    expect(await pipeline.stored.findOne({ _id: 'dup-a/same-id' })).toMatchObject({ valid: true, session_id: 'dup-session-1', data: pageview.data });
    const sessions = await pipeline.sessionReader();
    expect(await sessions.summary('dup-session-1')).toMatchObject({ event_count: 2, applications: ['dup-a', 'dup-b'] });
    expect(await sessions.summary('dup-session-2')).toBeNull();
    expect(await metricValue(metricsUrl, 'eye_events_duplicate_total')).toBeGreaterThanOrEqual(5);
  });

  it('creates the declared indexes at startup where the database reads with them (none on FerretDB 1.x), again on a second start', async () => {
    const port = await freePort();
    const second = await startService('validator', { env: pipeline.validatorEnv({ EYE_METRICS_PORT: String(port) }) });
    await second.stop();
    const names = (await pipeline.stored.listIndexes().toArray()).map((index) => index.name as string);
    const declared = (INDEXES[COLLECTIONS.events] ?? []).map((index) => index.name as string);
    expect(names.sort()).toEqual(testMongoFlavor() === 'mongodb' ? ['_id_', ...declared].sort() : ['_id_']);
  });
});
