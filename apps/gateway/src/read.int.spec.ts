/**
 * The read side of the public contract through real processes (`startStack`: gateway, ingest,
 * validator, query on the harness's nats-server and MongoDB-wire database): every read, its
 * errors, its scopes, and the OpenAPI description and Swagger UI.
 */
import { connectMongo, type MongoLink } from '@eye/store';
import { createTestApplication, startStack, uniqueSuffix, type Stack, type TestApplication } from '@eye/testing';
import { CHALLENGE_EVENTS, EXAMPLE_SESSION_ID } from './openapi/examples';
import { eventTypeList, statsTimeline } from './openapi/explorer-api';
import { errorPage, eventPage, sessionSummary, stats, storedEvent } from './openapi/schemas';
import { EXAMPLE_US, eventually, get, postJson, seed, storedEvent as seededEvent, type HttpAnswer } from './test-support/read-fixtures';

let stack: Stack;
let mongo: MongoLink;
let app: TestApplication;
let ingestOnly: TestApplication;
let queryOnly: TestApplication;
let ids: string[];
let invalidId: string;

const read = (path: string, token = app.token) => get(stack.gatewayUrl, path, token);
const errorCode = (answer: HttpAnswer) => (answer.body as { error?: { code?: string } }).error?.code;
const eventIds = (answer: HttpAnswer) => (answer.body as { events: { id: string }[] }).events.map((event) => event.id);

beforeAll(async () => {
  stack = await startStack();
  mongo = await connectMongo({ url: stack.mongoUrl, appName: 'gateway-read-test' });
  [app, ingestOnly, queryOnly] = await Promise.all([
    createTestApplication(stack.mongoUrl, { scopes: ['ingest', 'query'] }),
    createTestApplication(stack.mongoUrl, { scopes: ['ingest'] }),
    createTestApplication(stack.mongoUrl, { scopes: ['query'] }),
  ]);
  // The challenge's three events (one timestamp: ties kept in the order sent) and one invalid.
  const sent = await postJson(stack.gatewayUrl, '/v1/events/batch', app.token, { events: CHALLENGE_EVENTS });
  expect(sent.status).toBe(202);
  ids = (sent.body as { ids: string[] }).ids;
  const bad = await postJson(stack.gatewayUrl, '/v1/events', app.token, { ...CHALLENGE_EVENTS[0], data: { path: '/' }, extra: 1 });
  invalidId = (bad.body as { ids: string[] }).ids[0];
  await eventually('the events to be stored', async () => {
    const [session, errors] = await Promise.all([read(`/v1/sessions/${EXAMPLE_SESSION_ID}`), read('/v1/errors')]);
    const counted = session.status === 200 && (session.body as { event_count: number }).event_count === 3;
    return counted && (errors.body as { errors: unknown[] }).errors.length === 1 ? true : undefined;
  });
});

afterAll(async () => {
  await mongo?.close();
  await stack?.stop();
});

describe('GET /v1/events', () => {
  it('lists stored events in time order, ties in the order sent; desc reverses the whole order', async () => {
    const asc = await read(`/v1/events?session_id=${EXAMPLE_SESSION_ID}`);
    expect(asc.status).toBe(200);
    expect(eventPage.safeParse(asc.body).success).toBe(true);
    expect(eventIds(asc)).toEqual(ids);
    expect(asc.body).toMatchObject({ next_cursor: null });
    expect((asc.body as { events: unknown[] }).events[1]).toEqual({
      id: ids[1],
      application: app.name,
      session_id: EXAMPLE_SESSION_ID,
      category: 'page interaction',
      name: 'cta click',
      data: { host: 'www.consumeraffairs.com', path: '/', element: 'chat bubble' },
      timestamp: '2021-01-01T09:15:27.243860Z',
      received_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
    });
    const desc = await read(`/v1/events?session_id=${EXAMPLE_SESSION_ID}&order=desc`);
    expect(eventIds(desc)).toEqual([...ids].reverse());
  });

  it('ANDs the filters', async () => {
    expect(eventIds(await read(`/v1/events?category=page%20interaction&name=cta%20click&application=${app.name}`))).toEqual([ids[1]]);
    expect(eventIds(await read('/v1/events?category=form+interaction&application=nobody'))).toEqual([]);
  });

  it('pages with next_cursor and refuses it for another query', async () => {
    const first = await read(`/v1/events?session_id=${EXAMPLE_SESSION_ID}&limit=2`);
    const cursor = (first.body as { next_cursor: string }).next_cursor;
    expect(eventIds(first)).toEqual(ids.slice(0, 2));
    const second = await read(`/v1/events?session_id=${EXAMPLE_SESSION_ID}&limit=2&cursor=${cursor}`);
    expect(eventIds(second)).toEqual(ids.slice(2));
    expect(second.body).toMatchObject({ next_cursor: null });
    const misused = await read(`/v1/events?session_id=${EXAMPLE_SESSION_ID}&order=desc&cursor=${cursor}`);
    expect([misused.status, errorCode(misused)]).toEqual([400, 'invalid_query']);
  });
});

describe('GET /v1/events/{id}', () => {
  beforeAll(async () => {
    const now = Date.now() * 1000;
    await seed(mongo, [
      seededEvent({ application: 'early-app', eventId: 'shared-id', sessionId: 's-shared', tsUs: EXAMPLE_US, receivedUs: now - 2_000_000 }),
      seededEvent({ application: 'late-app', eventId: 'shared-id', sessionId: 's-shared', tsUs: EXAMPLE_US, receivedUs: now - 1_000_000 }),
      seededEvent({ application: app.name, eventId: 'shared-id', sessionId: 's-shared', tsUs: EXAMPLE_US, receivedUs: now }),
      seededEvent({ application: 'late-app', eventId: 'theirs', sessionId: 's-shared', tsUs: EXAMPLE_US, receivedUs: now }),
      seededEvent({ application: 'early-app', eventId: 'theirs', sessionId: 's-shared', tsUs: EXAMPLE_US, receivedUs: now - 5_000_000 }),
    ]);
  });

  it('returns one stored event', async () => {
    const answer = await read(`/v1/events/${ids[2]}`);
    expect(answer.status).toBe(200);
    expect(storedEvent.parse(answer.body)).toMatchObject({ id: ids[2], name: 'submit', data: { form: { first_name: 'John', last_name: 'Doe' } } });
  });

  it("prefers the caller's own application, else the earliest received; application picks one", async () => {
    expect(await read('/v1/events/shared-id')).toMatchObject({ status: 200, body: { application: app.name } });
    expect(await read('/v1/events/theirs')).toMatchObject({ status: 200, body: { application: 'early-app' } });
    expect(await read('/v1/events/theirs?application=late-app')).toMatchObject({ status: 200, body: { application: 'late-app' } });
  });

  it('answers 404 not_found for an unknown id, or one the named application never sent', async () => {
    for (const path of ['/v1/events/no-such-event', `/v1/events/${ids[0]}?application=late-app`, '/v1/events/batch', '/v1/events/%E0%A4%A']) {
      const answer = await read(path);
      expect([path, answer.status, errorCode(answer)]).toEqual([path, 404, 'not_found']);
    }
  });
});

describe('sessions', () => {
  it('GET /v1/sessions/{id} summarises the valid events by their timestamps', async () => {
    const answer = await read(`/v1/sessions/${EXAMPLE_SESSION_ID}`);
    expect(answer.status).toBe(200);
    expect(sessionSummary.parse(answer.body)).toEqual({
      session_id: EXAMPLE_SESSION_ID,
      first_seen: '2021-01-01T09:15:27.243860Z',
      last_seen: '2021-01-01T09:15:27.243860Z',
      event_count: 3,
      categories: ['form interaction', 'page interaction'],
      applications: [app.name],
    });
  });

  it('GET /v1/sessions/{id}/events lists them like /v1/events; an unknown session is an empty list', async () => {
    expect(eventIds(await read(`/v1/sessions/${EXAMPLE_SESSION_ID}/events?order=desc&limit=2`))).toEqual([ids[2], ids[1]]);
    expect(await read('/v1/sessions/no-such-session/events')).toMatchObject({ status: 200, body: { events: [], next_cursor: null } });
  });

  it('answers 404 not_found for a session without valid events', async () => {
    const answer = await read('/v1/sessions/no-such-session');
    expect([answer.status, errorCode(answer)]).toEqual([404, 'not_found']);
  });
});

describe('GET /v1/errors and GET /v1/stats', () => {
  it('lists invalid events with their issues and the event exactly as sent', async () => {
    const answer = await read(`/v1/errors?application=${app.name}&code=unexpected_field`);
    expect(answer.status).toBe(200);
    expect(errorPage.safeParse(answer.body).success).toBe(true);
    expect(answer.body).toEqual({
      errors: [
        {
          id: invalidId,
          application: app.name,
          received_at: expect.stringMatching(/Z$/),
          session_id: EXAMPLE_SESSION_ID,
          category: 'page interaction',
          name: 'pageview',
          issues: expect.arrayContaining([
            expect.objectContaining({ path: 'data.host', code: 'required' }),
            expect.objectContaining({ path: 'extra', code: 'unexpected_field' }),
          ]),
          raw: { ...CHALLENGE_EVENTS[0], data: { path: '/' }, extra: 1 },
        },
      ],
      next_cursor: null,
    });
    expect(await read('/v1/errors?code=too_large')).toMatchObject({ status: 200, body: { errors: [] } });
  });

  it('counts what was received in the last 24 hours by type', async () => {
    const answer = await read('/v1/stats');
    expect(answer.status).toBe(200);
    const body = stats.parse(answer.body);
    expect(Date.parse(body.to) - Date.parse(body.from)).toBe(24 * 3600 * 1000);
    expect(body.by_type).toEqual(
      expect.arrayContaining([
        { category: 'form interaction', name: 'submit', valid: 1, invalid: 0 },
        { category: 'page interaction', name: 'cta click', valid: 1, invalid: 0 },
      ]),
    );
    expect(body.by_type.find((row) => row.name === 'pageview')).toMatchObject({ invalid: 1 });
    expect(body.invalid).toBe(1);
  });
});

describe('GET /v1/event-types', () => {
  it('lists the built-in types with the JSON Schema of their data', async () => {
    const answer = await read('/v1/event-types');
    expect(answer.status).toBe(200);
    const body = eventTypeList.parse(answer.body);
    expect(body.event_types.map(({ category, name, built_in }) => [category, name, built_in])).toEqual([
      ['page interaction', 'pageview', true],
      ['page interaction', 'cta click', true],
      ['form interaction', 'submit', true],
    ]);
    expect(body.event_types[2]?.schema).toMatchObject({ type: 'object', required: ['host', 'path', 'form'], additionalProperties: false });
  });
});

describe('GET /v1/stats/timeline', () => {
  it('counts what was received per minute, every minute of the window, adding up to the stats', async () => {
    const to = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 60_000).toISOString();
    const from = new Date(Date.parse(to) - 3_600_000).toISOString();
    const window = `from=${from}&to=${to}`;
    const [timeline, counts] = await Promise.all([read(`/v1/stats/timeline?${window}`), read(`/v1/stats?${window}`)]);
    expect(timeline.status).toBe(200);
    const body = statsTimeline.parse(timeline.body);
    expect(body).toMatchObject({ from: from.replace('Z', '000Z'), to: to.replace('Z', '000Z'), interval_s: 60 });
    expect(body.buckets).toHaveLength(60);
    expect(body.buckets.map((bucket) => Date.parse(bucket.start))).toEqual(Array.from({ length: 60 }, (_, i) => Date.parse(from) + i * 60_000));
    const summed = body.buckets.reduce((sum, bucket) => ({ valid: sum.valid + bucket.valid, invalid: sum.invalid + bucket.invalid }), { valid: 0, invalid: 0 });
    expect(summed).toEqual({ valid: (counts.body as { valid: number }).valid, invalid: (counts.body as { invalid: number }).invalid });
    expect(summed.valid).toBeGreaterThan(0);
  });

  it('refuses a window over 24 hours', async () => {
    const answer = await read('/v1/stats/timeline?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:01Z');
    expect([answer.status, errorCode(answer)]).toEqual([400, 'invalid_query']);
  });
});

describe('errors of the read side', () => {
  it.each([
    '/v1/events?sesion_id=x',
    '/v1/events?limit=1&limit=2',
    '/v1/events?session_id[$ne]=x',
    '/v1/events?from=yesterday',
    '/v1/events?to=2021-13-01T00:00:00Z',
    '/v1/events?order=sideways',
    '/v1/events?limit=0',
    '/v1/events?limit=1001',
    '/v1/events?limit=ten',
    '/v1/events?cursor=bm90LW91cnM',
    '/v1/events?category=',
    `/v1/sessions/${EXAMPLE_SESSION_ID}/events?session_id=x`,
    `/v1/sessions/${EXAMPLE_SESSION_ID}?limit=1`,
    '/v1/events/abc?order=asc',
    '/v1/errors?code=bogus',
    '/v1/errors?order=desc',
    '/v1/stats?from=2021-01-01&to=later',
    '/v1/event-types?limit=1',
    '/v1/stats/timeline?from=soon',
    '/v1/stats/timeline?order=desc',
  ])('GET %s is 400 invalid_query', async (path) => {
    const answer = await read(path);
    expect([answer.status, errorCode(answer)]).toEqual([400, 'invalid_query']);
    expect(answer.body).toMatchObject({ error: { message: expect.any(String), details: expect.any(Array) } });
  });

  it('answers 404 for an unknown route and 405 with Allow for another method', async () => {
    expect(errorCode(await read('/v1/nothing-here'))).toBe('not_found');
    const wrongMethod = await get(stack.gatewayUrl, '/v1/stats', app.token, 'DELETE');
    expect([wrongMethod.status, errorCode(wrongMethod), wrongMethod.headers.get('allow')]).toEqual([405, 'method_not_allowed', 'GET, HEAD']);
  });

  const reads = ['/v1/events', '/v1/events/x', `/v1/sessions/${EXAMPLE_SESSION_ID}`, `/v1/sessions/${EXAMPLE_SESSION_ID}/events`, '/v1/errors', '/v1/stats', '/v1/event-types', '/v1/stats/timeline'];

  it.each(reads)('GET %s needs a token (401) with the query scope (403)', async (path) => {
    const none = await get(stack.gatewayUrl, path);
    expect([none.status, errorCode(none)]).toEqual([401, 'unauthenticated']);
    const unknown = await read(path, `eye_${uniqueSuffix()}`);
    expect([unknown.status, errorCode(unknown)]).toEqual([401, 'unauthenticated']);
    const noScope = await read(path, ingestOnly.token);
    expect([noScope.status, errorCode(noScope)]).toEqual([403, 'forbidden']);
    expect((await read(path, queryOnly.token)).status).not.toBe(403);
  });
});

describe('GET /openapi.json and /docs', () => {
  it('serves the OpenAPI description without a token', async () => {
    const answer = await get(stack.gatewayUrl, '/openapi.json');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.body).toMatchObject({ openapi: '3.0.3', paths: { '/v1/events': { get: {}, post: {} }, '/v1/stats': { get: {} }, '/v1/event-types': { get: {} }, '/v1/stats/timeline': { get: {} } } });
  });

  it('serves Swagger UI from the package, pointed at /openapi.json', async () => {
    for (const path of ['/docs', '/docs/']) {
      const page = await get(stack.gatewayUrl, path);
      expect([page.status, page.headers.get('content-type')]).toEqual([200, expect.stringMatching(/^text\/html/)]);
      expect(page.text).toContain('/docs/swagger-ui-bundle.js');
      expect(page.text).not.toMatch(/https?:\/\//);
    }
    const bundle = await get(stack.gatewayUrl, '/docs/swagger-ui-bundle.js');
    expect([bundle.status, bundle.text.length > 100_000]).toEqual([200, true]);
    expect((await get(stack.gatewayUrl, '/docs/swagger-initializer.js')).text).toContain("url: '/openapi.json'");
    expect((await get(stack.gatewayUrl, '/docs/package.json')).status).toBe(404);
  });
});
