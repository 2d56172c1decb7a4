/**
 * EyeClient against a live stack (gateway, ingest, validator, query on real NATS and a real
 * MongoDB-wire database): batching, flush/close summaries, the queue-full policy, 4xx that are
 * never retried, validate, and the paged readers.
 */
import { createTestApplication, startStack, uniqueSuffix, type Stack, type TestApplication } from '@eye/testing';
import { EyeClient, isEyeRequestError, type EyeError, type StoredEvent, type WireEvent } from './index';
import { recordingFetch } from './test-support/recording-fetch';
import { waitFor } from './test-support/wait';

const T0 = Date.parse('2021-01-01T09:00:00.000Z');
const pageview = (sessionId: string, n: number) => ({
  sessionId,
  category: 'page interaction',
  name: 'pageview',
  data: { host: 'www.example.com', path: `/page/${n}` },
  timestamp: new Date(T0 + n * 1_000),
});

describe('EyeClient against a live stack', () => {
  let stack: Stack;
  let app: TestApplication;
  let queryOnly: TestApplication;
  let reader: EyeClient;

  beforeAll(async () => {
    stack = await startStack();
    [app, queryOnly] = await Promise.all([
      createTestApplication(stack.mongoUrl),
      createTestApplication(stack.mongoUrl, { scopes: ['query'] }),
    ]);
    reader = new EyeClient({ url: stack.gatewayUrl, token: app.token });
  }, 120_000);

  afterAll(async () => {
    await reader?.close();
    await stack?.stop();
  });

  /** Every stored event of a session, once the validator has stored `count` of them. */
  const storedSession = (sessionId: string, count: number): Promise<StoredEvent[]> =>
    waitFor(`${count} stored events of ${sessionId}`, () => reader.sessionEvents(sessionId, { limit: 1000 }).toArray(), (events) => events.length >= count);

  it('sends full batches at once, flush() sends the rest and says what was accepted, and the readers page through them', async () => {
    const { fetch, requests } = recordingFetch();
    const client = new EyeClient({ url: stack.gatewayUrl, token: app.token, batchSize: 3, flushIntervalMs: 60_000, fetch });
    const session = `s-${uniqueSuffix()}`;
    const ids = [0, 1, 2, 3, 4, 5, 6].map((n) => client.track(pageview(session, n)));

    const summary = await client.flush();
    expect(summary).toEqual({ accepted: 7, failed: 0, dropped: 0, failures: [], droppedEventIds: [] });
    expect(requests.map((r) => [r.method, r.path, r.events, r.status])).toEqual([
      ['POST', '/v1/events/batch', 3, 202],
      ['POST', '/v1/events/batch', 3, 202],
      ['POST', '/v1/events/batch', 1, 202],
    ]);
    expect(client.stats).toEqual({ tracked: 7, accepted: 7, failed: 0, dropped: 0, queued: 0, inFlight: 0 });
    await client.close();

    const stored = await storedSession(session, 7);
    expect(stored.map((e) => e.id)).toEqual(ids);
    expect(stored[3]).toMatchObject({
      id: ids[3],
      application: app.name,
      session_id: session,
      category: 'page interaction',
      name: 'pageview',
      data: { host: 'www.example.com', path: '/page/3' },
      timestamp: '2021-01-01T09:00:03.000000Z',
    });

    // Pages of 3 (3, 3, 1), each a request of its own, followed by next_cursor.
    const paging = recordingFetch();
    const pagingClient = new EyeClient({ url: stack.gatewayUrl, token: app.token, fetch: paging.fetch });
    const pages = [];
    for await (const page of pagingClient.sessionEvents(session, { limit: 3 }).pages()) pages.push(page.items.map((e) => e.id));
    expect(pages).toEqual([ids.slice(0, 3), ids.slice(3, 6), ids.slice(6)]);
    expect(paging.requests).toHaveLength(3);

    const newestFirst: string[] = [];
    for await (const event of pagingClient.events({ session_id: session, order: 'desc', limit: 2 })) newestFirst.push(event.id);
    expect(newestFirst).toEqual([...ids].reverse());

    const window = await pagingClient.events({ session_id: session, from: new Date(T0 + 2_000), to: new Date(T0 + 5_000), limit: 1 }).toArray();
    expect(window.map((e) => e.id)).toEqual(ids.slice(2, 5));

    expect(await pagingClient.session(session)).toEqual({
      session_id: session,
      first_seen: '2021-01-01T09:00:00.000000Z',
      last_seen: '2021-01-01T09:00:06.000000Z',
      event_count: 7,
      categories: ['page interaction'],
      applications: [app.name],
    });
    expect(await pagingClient.session(`unknown-${uniqueSuffix()}`)).toBeUndefined();
    expect((await pagingClient.event(ids[0] as string))?.id).toBe(ids[0]);
    expect(await pagingClient.event(`unknown-${uniqueSuffix()}`)).toBeUndefined();
    expect(await pagingClient.sessionEvents(`unknown-${uniqueSuffix()}`).toArray()).toEqual([]);
    await pagingClient.close();
  });

  it('reads invalid events from errors(), newest first, page by page', async () => {
    const client = new EyeClient({ url: stack.gatewayUrl, token: app.token });
    const name = `bogus-${uniqueSuffix()}`;
    const ids = [0, 1, 2].map((n) => client.track({ sessionId: 's-errors', category: 'nonsense', name, data: { n } }));
    expect((await client.close()).accepted).toBe(3);

    const pages = await waitFor(
      'three invalid events',
      async () => {
        const seen: string[][] = [];
        for await (const page of reader.errors({ name, limit: 2 }).pages()) seen.push(page.items.map((e) => e.id));
        return seen;
      },
      (seen) => seen.flat().length >= 3,
    );
    expect(pages.map((p) => p.length)).toEqual([2, 1]);
    expect(new Set(pages.flat())).toEqual(new Set(ids));
    const [first] = await reader.errors({ name, code: 'unknown_event_type', limit: 1 }).page().then((p) => p.items);
    expect(first).toMatchObject({ application: app.name, category: 'nonsense', name, issues: [expect.objectContaining({ code: 'unknown_event_type' })] });
    expect(first?.raw).toMatchObject({ event_id: first?.id, session_id: 's-errors', category: 'nonsense', name });
  });

  it('validate() answers valid, or the issues the pipeline would record', async () => {
    const client = new EyeClient({ url: stack.gatewayUrl, token: app.token });
    expect(await client.validate(pageview('s-validate', 1))).toEqual({ valid: true });
    const invalid = await client.validate({ sessionId: 's-validate', category: 'page interaction', name: 'pageview', data: { path: '/' } });
    expect(invalid).toEqual({ valid: false, issues: [expect.objectContaining({ path: 'data.host', code: 'required' })] });
    expect(await client.validateWire({ session_id: 's', category: 'page interaction', name: 'pageview', data: { host: 'a.example', path: '/' }, timestamp: '2021-01-01 09:15:27.243860', extra: 1 })).toEqual({
      valid: false,
      issues: [expect.objectContaining({ path: 'extra', code: 'unexpected_field' })],
    });
    expect(client.stats.tracked).toBe(0);
    await client.close();
  });

  it('eventTypes() lists the types events are validated against, with the JSON Schema of their data', async () => {
    const types = await reader.eventTypes();
    expect(types.map(({ category, name, built_in }) => [category, name, built_in])).toEqual([
      ['page interaction', 'pageview', true],
      ['page interaction', 'cta click', true],
      ['form interaction', 'submit', true],
    ]);
    expect(types[1]?.schema).toMatchObject({ type: 'object', required: ['host', 'path', 'element'], additionalProperties: false });
  });

  it('receivedTimeline() counts per minute what receivedStats() counts in the same window', async () => {
    const to = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 60_000);
    const window = { from: new Date(to.getTime() - 30 * 60_000), to };
    const [timeline, stats] = await Promise.all([reader.receivedTimeline(window), reader.receivedStats(window)]);
    expect(timeline).toMatchObject({ interval_s: 60 });
    expect(timeline.buckets).toHaveLength(30);
    expect(timeline.buckets.reduce((sum, bucket) => sum + bucket.valid + bucket.invalid, 0)).toBe(stats.valid + stats.invalid);
  });

  it('never retries a 401: one request, the events fail with the server code, onError says so', async () => {
    const { fetch, requests } = recordingFetch();
    const errors: EyeError[] = [];
    const client = new EyeClient({ url: stack.gatewayUrl, token: `eye_unknown_${uniqueSuffix()}`, fetch, retryBaseMs: 1, onError: (e) => errors.push(e) });
    const ids = [client.track(pageview('s-401', 1)), client.track(pageview('s-401', 2))];

    const summary = await client.close();
    expect(requests.map((r) => r.status)).toEqual([401]);
    expect(summary).toMatchObject({ accepted: 0, failed: 2, dropped: 0 });
    expect(summary.failures).toHaveLength(1);
    expect(summary.failures[0]?.eventIds).toEqual(ids);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ name: 'EyeRequestError', status: 401, code: 'unauthenticated', eventIds: ids });
    expect(summary.failures[0]?.error).toBe(errors[0]);

    // Reads as well: the named error, after exactly one more request.
    const failure = await client.events().toArray().catch((e: unknown) => e);
    expect(isEyeRequestError(failure) && [failure.status, failure.code]).toEqual([401, 'unauthenticated']);
    expect(requests).toHaveLength(2);
  });

  it('never retries a 403: a token without the ingest scope fails at once with forbidden', async () => {
    const { fetch, requests } = recordingFetch();
    const errors: EyeError[] = [];
    const client = new EyeClient({ url: stack.gatewayUrl, token: queryOnly.token, fetch, retryBaseMs: 1, onError: (e) => errors.push(e) });
    client.track(pageview('s-403', 1));
    expect(await client.close()).toMatchObject({ accepted: 0, failed: 1 });
    expect(requests.map((r) => r.status)).toEqual([403]);
    expect(errors.map((e) => e.code)).toEqual(['forbidden']);
    // The same token may read.
    expect(await client.events({ session_id: 's-403' }).toArray()).toEqual([]);
  });

  it('when the queue is full, drops the oldest queued event (never one in flight) and reports each drop', async () => {
    const drops: { events: WireEvent[]; reason: string }[] = [];
    const client = new EyeClient({
      url: stack.gatewayUrl,
      token: app.token,
      batchSize: 2,
      maxQueue: 3,
      flushIntervalMs: 60_000,
      onDrop: (events, reason) => drops.push({ events, reason }),
    });
    const session = `s-full-${uniqueSuffix()}`;
    const track = (n: number) => client.track(pageview(session, n));
    // e1, e2: a full batch, in flight at once; e3..e5 fill the queue; e6 drops e3.
    const [e1, e2, e3, , , e6] = [1, 2, 3, 4, 5, 6].map(track);
    const flushed = client.flush();
    // While the flush waits, two more: e4 and e5 (queued when flush() was called) are dropped.
    const [e7, e8] = [7, 8].map(track);
    const summary = await flushed;
    const e4 = drops[1]?.events[0]?.event_id;
    const e5 = drops[2]?.events[0]?.event_id;

    expect(drops.map((d) => [d.reason, d.events.length])).toEqual([
      ['queue_full', 1],
      ['queue_full', 1],
      ['queue_full', 1],
    ]);
    expect(drops[0]?.events[0]).toMatchObject({ event_id: e3, session_id: session, data: { path: '/page/3' } });
    expect(summary).toEqual({ accepted: 3, failed: 0, dropped: 2, failures: [], droppedEventIds: [e4, e5] });
    // e7 went out with e6 (after flush() was called, so not in its summary); e8 is left for close().
    expect(await client.close()).toMatchObject({ accepted: 1, dropped: 0 });
    expect(client.stats).toMatchObject({ tracked: 8, accepted: 5, dropped: 3, failed: 0 });

    const stored = await storedSession(session, 5);
    expect(stored.map((e) => e.id)).toEqual([e1, e2, e6, e7, e8]);
  });

  it('close() sends what is queued without waiting for the interval, then refuses track()', async () => {
    const client = new EyeClient({ url: stack.gatewayUrl, token: app.token, batchSize: 500, flushIntervalMs: 600_000 });
    const session = `s-close-${uniqueSuffix()}`;
    for (let n = 0; n < 250; n++) client.track(pageview(session, n));
    expect(client.stats.queued).toBe(250);

    const closing = client.close();
    expect(() => client.track(pageview(session, 999))).toThrow(expect.objectContaining({ name: 'EyeClientClosedError', code: 'client_closed' }));
    const summary = await closing;
    expect(summary).toMatchObject({ accepted: 250, failed: 0, dropped: 0 });
    expect(await client.close()).toBe(summary);
    expect(await client.flush()).toEqual({ accepted: 0, failed: 0, dropped: 0, failures: [], droppedEventIds: [] });
    expect((await storedSession(session, 250)).length).toBe(250);
  });

  it('sends a partial batch after flushIntervalMs without any flush()', async () => {
    const { fetch, requests } = recordingFetch();
    const client = new EyeClient({ url: stack.gatewayUrl, token: app.token, flushIntervalMs: 200, fetch });
    const trackedAt = performance.now();
    client.track(pageview(`s-interval-${uniqueSuffix()}`, 1));
    await waitFor('the interval send', () => requests.filter((r) => r.status === 202).length, (n) => n === 1, { intervalMs: 20, timeoutMs: 5_000 });
    expect((requests[0]?.startedAt ?? 0) - trackedAt).toBeGreaterThanOrEqual(195);
    expect(client.stats).toMatchObject({ accepted: 1, queued: 0 });
    await client.close();
  });
});
