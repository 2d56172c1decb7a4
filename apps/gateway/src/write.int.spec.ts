/**
 * The write side of the public contract, end to end through real processes: the gateway and the
 * ingest service (built bundles) on the harness's nats-server and MongoDB-wire database. Every
 * 202 is checked against what JetStream holds; every error row of the contract is checked for
 * its status, its stable code, and for adding nothing to the stream.
 */
import { decodeQueuedEvent } from '@eye/messaging';
import {
  createTestApplication,
  freePort,
  startService,
  testMongoUrl,
  testNatsUrl,
  uniqueSuffix,
  type ServiceProcess,
  type TestApplication,
} from '@eye/testing';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const MiB = 1024 * 1024;

interface StreamedEvent {
  seq: number;
  msgId: string;
  application: string;
  eventId: string;
  raw: string;
}

interface ErrorBody {
  error: { code: string; message: string; details?: unknown[] };
}

/** Ingest and gateway with a stream of their own; `ingestAddr` overrides where the gateway calls. */
interface WriteSide {
  gatewayUrl: string;
  stream: string;
  processes: ServiceProcess[];
}

async function startWriteSide(options: { mongoUrl: string; ingestEnv?: Record<string, string>; ingestAddr?: string }): Promise<WriteSide> {
  const [ingestPort, ingestOps, httpPort, nobody] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const suffix = uniqueSuffix();
  const stream = `EYE_W_${suffix}`;
  const ingest = options.ingestAddr
    ? undefined
    : startService('ingest', {
        env: {
          EYE_NATS_URL: testNatsUrl(),
          EYE_MONGO_URL: options.mongoUrl,
          EYE_INGEST_ADDR: `127.0.0.1:${ingestPort}`,
          EYE_METRICS_PORT: String(ingestOps),
          EYE_STREAM_NAME: stream,
          EYE_STREAM_SUBJECT: `eye.w.${suffix}.events`,
          ...options.ingestEnv,
        },
      });
  const gateway = startService('gateway', {
    env: {
      EYE_HTTP_PORT: String(httpPort),
      EYE_INGEST_ADDR: options.ingestAddr ?? `127.0.0.1:${ingestPort}`,
      // No query service in these tests: nothing listens there.
      EYE_QUERY_ADDR: `127.0.0.1:${nobody}`,
    },
  });
  // Both at once (the gateway's readiness, /healthz, does not need ingest); stop both if one fails.
  const started = await Promise.allSettled(ingest ? [ingest, gateway] : [gateway]);
  const processes = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    await Promise.all(processes.map((process) => process.kill()));
    throw (failed as PromiseRejectedResult).reason;
  }
  return { gatewayUrl: `http://127.0.0.1:${httpPort}`, stream, processes };
}

/** Every message of the stream (read by sequence; no consumer, so nothing is taken away). */
async function streamedEvents(jsm: JetStreamManager, stream: string): Promise<StreamedEvent[]> {
  const { state } = await jsm.streams.info(stream);
  const events: StreamedEvent[] = [];
  for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
    const message = await jsm.streams.getMessage(stream, { seq });
    if (!message) continue;
    const event = decodeQueuedEvent(message.data);
    if (!event) throw new Error(`message ${seq} is not a queued event`);
    events.push({ seq, msgId: message.header.get('Nats-Msg-Id'), application: event.application, eventId: event.eventId, raw: event.raw });
  }
  return events;
}

async function messageCount(jsm: JetStreamManager, stream: string): Promise<number> {
  return (await jsm.streams.info(stream)).state.messages;
}

interface SendOptions {
  method?: string;
  token?: string | null;
  authorization?: string;
  contentType?: string | null;
  body?: string | Buffer;
}

async function send(baseUrl: string, path: string, options: SendOptions = {}): Promise<{ status: number; headers: Headers; json: unknown }> {
  const headers: Record<string, string> = {};
  const contentType = options.contentType === undefined ? 'application/json' : options.contentType;
  if (contentType !== null) headers['content-type'] = contentType;
  if (options.authorization !== undefined) headers['authorization'] = options.authorization;
  else if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  const response = await fetch(`${baseUrl}${path}`, {
    method: options.method ?? 'POST',
    headers,
    body: options.body,
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${options.method ?? 'POST'} ${path} answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`);
  }
  return { status: response.status, headers: response.headers, json };
}

function event(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    session_id: 'e2085be5-9137-4e4e-80b5-f1ffddc25423',
    category: 'page interaction',
    name: 'cta click',
    data: { host: 'www.consumeraffairs.com', path: '/', element: 'chat bubble' },
    timestamp: '2021-01-01 09:15:27.243860',
    ...overrides,
  };
}

const cliMain = join(__dirname, '..', '..', '..', 'dist', 'apps', 'cli', 'main.js');

/** Revokes through the operator CLI, as an operator does. */
async function revokeWithCli(mongoUrl: string, nameOrId: string): Promise<void> {
  await promisify(execFile)(process.execPath, [cliMain, 'apps', 'revoke', nameOrId], {
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', EYE_MONGO_URL: mongoUrl },
  });
}

describe('gateway write routes over ingest and JetStream', () => {
  const mongoUrl = testMongoUrl();
  let side: WriteSide;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let writer: TestApplication;
  let otherWriter: TestApplication;
  let reader: TestApplication;
  let revoked: TestApplication;

  const post = (path: string, body: unknown, options: SendOptions = {}) =>
    send(side.gatewayUrl, path, { token: writer.token, body: typeof body === 'string' ? body : JSON.stringify(body), ...options });

  beforeAll(async () => {
    [writer, otherWriter, reader, revoked] = await Promise.all([
      createTestApplication(mongoUrl, { scopes: ['ingest'] }),
      createTestApplication(mongoUrl, { scopes: ['ingest', 'query'] }),
      createTestApplication(mongoUrl, { scopes: ['query'] }),
      createTestApplication(mongoUrl, { scopes: ['ingest'] }),
    ]);
    await revokeWithCli(mongoUrl, revoked.name);
    side = await startWriteSide({ mongoUrl });
    nc = await connect({ servers: testNatsUrl() });
    jsm = await jetstreamManager(nc);
  });

  afterAll(async () => {
    await nc?.close();
    for (const process of side?.processes.reverse() ?? []) await process.stop();
  });

  describe('accepted events', () => {
    it('answers 202 {accepted: 1, ids} for one event, once it is in the stream, with the JSON kept as sent', async () => {
      const eventId = `evt-${uniqueSuffix()}`;
      // Spacing, key order, 1.0 and a 20-digit integer would all change if re-serialised.
      const body = `{ "event_id": "${eventId}", "z": 1.0, "big": 12345678901234567890, "2": "b", "1": "a",\n  "data": {"host": "example.com"} }`;
      const response = await post('/v1/events', body);
      expect(response.status).toBe(202);
      expect(response.json).toEqual({ accepted: 1, ids: [eventId] });

      const stored = (await streamedEvents(jsm, side.stream)).filter((e) => e.eventId === eventId);
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ msgId: `${writer.name}/${eventId}`, application: writer.name, raw: body.trim() });
    });

    it('answers 202 for a batch with ids in the order sent, client ids kept, the others made by the server and time-ordered', async () => {
      const clientIds = [`a-${uniqueSuffix()}`, `b-${uniqueSuffix()}`];
      const at = (second: number) => `2021-01-01T09:15:${String(second).padStart(2, '0')}.243860Z`;
      const entries = [
        event({ event_id: clientIds[0] }),
        event({ timestamp: at(1) }),
        event({ event_id: 42, timestamp: at(2) }),
        event({ event_id: '', timestamp: at(3) }),
        event({ event_id: 'x'.repeat(129), timestamp: at(4) }),
        event({ event_id: clientIds[1] }),
        event({ timestamp: at(5) }),
      ];
      const response = await post('/v1/events/batch', { events: entries });
      expect(response.status).toBe(202);
      const { accepted, ids } = response.json as { accepted: number; ids: string[] };
      expect(accepted).toBe(entries.length);
      expect(ids).toHaveLength(entries.length);
      expect(ids[0]).toBe(clientIds[0]);
      expect(ids[5]).toBe(clientIds[1]);
      const serverIds = [ids[1], ids[2], ids[3], ids[4], ids[6]];
      expect(new Set(serverIds).size).toBe(serverIds.length);
      // UUID-shaped, time part from the event's own timestamp (see apps/ingest/src/event-ids.ts).
      for (const id of serverIds) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect([...serverIds].sort()).toEqual(serverIds);

      const byId = new Map((await streamedEvents(jsm, side.stream)).map((e) => [e.eventId, e]));
      const stored = ids.map((id) => byId.get(id));
      stored.forEach((message, index) => {
        expect(message).toMatchObject({ msgId: `${writer.name}/${ids[index]}`, application: writer.name });
        expect(JSON.parse(message?.raw ?? 'null')).toEqual(entries[index]);
      });
      // Received in the order sent: the stream's sequence follows the batch.
      const seqs = stored.map((message) => message?.seq ?? 0);
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    });

    it('keeps each batch entry exactly as sent', async () => {
      const first = `{"event_id":"raw-${uniqueSuffix()}", "n": 1.50, "s": "a \\"quoted\\" \\u00e9 [x]}"}`;
      const second = `{\n  "nested": {"list": [1, 2, {"k": []}]},\n  "e": 1e2\n}`;
      const response = await post('/v1/events/batch', `{"events": [ ${first} ,\n ${second}]}`);
      expect(response.status).toBe(202);
      const { ids } = response.json as { ids: string[] };
      const byId = new Map((await streamedEvents(jsm, side.stream)).map((e) => [e.eventId, e]));
      expect(byId.get(ids[0])?.raw).toBe(first);
      expect(byId.get(ids[1])?.raw).toBe(second);
    });

    it('stores the same event id from the same application once, however often it is sent', async () => {
      const eventId = `dup-${uniqueSuffix()}`;
      const first = await post('/v1/events', event({ event_id: eventId }));
      const again = await post('/v1/events', event({ event_id: eventId, name: 'pageview' }));
      const inBatch = await post('/v1/events/batch', { events: [event({ event_id: eventId }), event({ event_id: eventId })] });
      expect([first.status, again.status, inBatch.status]).toEqual([202, 202, 202]);
      expect(first.json).toEqual({ accepted: 1, ids: [eventId] });
      expect(again.json).toEqual({ accepted: 1, ids: [eventId] });
      expect(inBatch.json).toEqual({ accepted: 2, ids: [eventId, eventId] });

      const stored = (await streamedEvents(jsm, side.stream)).filter((e) => e.eventId === eventId);
      expect(stored).toHaveLength(1);
      expect(JSON.parse(stored[0].raw)).toEqual(event({ event_id: eventId }));
    });

    it('answers concurrent requests (coalesced into shared calls) each with its own ids, and never mixes callers', async () => {
      const run = uniqueSuffix();
      const requests = Array.from({ length: 60 }, (_, index) => {
        const caller = index % 3 === 0 ? otherWriter : index % 3 === 1 ? writer : revoked;
        const entries = Array.from({ length: 1 + (index % 4) }, (_, n) => event({ event_id: `co-${run}-${index}-${n}` }));
        return { caller, entries };
      });
      const responses = await Promise.all(
        requests.map(({ caller, entries }) =>
          entries.length === 1 ? post('/v1/events', entries[0], { token: caller.token }) : post('/v1/events/batch', { events: entries }, { token: caller.token }),
        ),
      );

      const streamed = new Map((await streamedEvents(jsm, side.stream)).filter((e) => e.eventId.startsWith(`co-${run}-`)).map((e) => [e.eventId, e]));
      responses.forEach((response, index) => {
        const { caller, entries } = requests[index];
        const ids = entries.map((entry) => String(entry['event_id']));
        if (caller === revoked) {
          expect(response.status).toBe(401);
          for (const id of ids) expect(streamed.has(id)).toBe(false);
          return;
        }
        expect(response.status).toBe(202);
        expect(response.json).toEqual({ accepted: ids.length, ids });
        for (const id of ids) expect(streamed.get(id)?.msgId).toBe(`${caller.name}/${id}`);
      });
      expect(streamed.size).toBe(requests.filter(({ caller }) => caller !== revoked).reduce((sum, { entries }) => sum + entries.length, 0));
    });

    it('treats the same event id from two applications as two events', async () => {
      const eventId = `shared-${uniqueSuffix()}`;
      expect((await post('/v1/events', event({ event_id: eventId }))).status).toBe(202);
      expect((await post('/v1/events', event({ event_id: eventId }), { token: otherWriter.token })).status).toBe(202);
      const stored = (await streamedEvents(jsm, side.stream)).filter((e) => e.eventId === eventId);
      expect(stored.map((e) => e.msgId).sort()).toEqual([`${writer.name}/${eventId}`, `${otherWriter.name}/${eventId}`].sort());
    });

    it('accepts any JSON object, also one over 64 KiB or deeply nested, to be judged by the pipeline', async () => {
      // Over 64 KiB (the validator records it as too_large), full of characters JSON escapes.
      const big = JSON.stringify(event({ event_id: `big-${uniqueSuffix()}`, data: { text: '"\\'.repeat(200_000) } }));
      expect(Buffer.byteLength(big)).toBeLessThan(MiB);
      // Deeper than JSON.stringify can recurse.
      const deep = `{"event_id":"deep-${uniqueSuffix()}","data":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
      for (const body of [big, deep]) {
        const response = await post('/v1/events', body);
        expect(response.status).toBe(202);
        const [id] = (response.json as { ids: string[] }).ids;
        const stored = (await streamedEvents(jsm, side.stream)).find((e) => e.eventId === id);
        expect(stored?.raw).toBe(body);
      }
      const batch = await post('/v1/events/batch', `{"events":[${deep}]}`);
      expect(batch.status).toBe(202);
    });

    it('POST /v1/events/validate gives the verdict, with the ingest scope, and queues nothing', async () => {
      const before = await messageCount(jsm, side.stream);
      const valid = await post('/v1/events/validate', event());
      expect({ status: valid.status, json: valid.json }).toEqual({ status: 200, json: { valid: true } });
      const invalid = await post('/v1/events/validate', event({ data: { host: 'www.consumeraffairs.com', element: 'chat bubble' } }));
      expect(invalid.status).toBe(200);
      expect(invalid.json).toEqual({ valid: false, issues: [expect.objectContaining({ path: 'data.path', code: 'required' })] });
      expect((await post('/v1/events/validate', event(), { token: reader.token })).status).toBe(403);
      expect(await messageCount(jsm, side.stream)).toBe(before);
    });

    it('accepts +json media types and a charset', async () => {
      for (const contentType of ['application/json; charset=utf-8', 'application/vnd.eye+json']) {
        const response = await post('/v1/events', event(), { contentType });
        expect(response.status).toBe(202);
      }
    });
  });

  describe('request-level errors (nothing reaches the stream)', () => {
    let countBefore: number;
    beforeEach(async () => {
      countBefore = await messageCount(jsm, side.stream);
    });
    afterEach(async () => {
      expect(await messageCount(jsm, side.stream)).toBe(countBefore);
    });

    const expectError = (response: { status: number; json: unknown }, status: number, code: string) => {
      expect({ status: response.status, code: (response.json as ErrorBody).error?.code }).toEqual({ status, code });
      expect(typeof (response.json as ErrorBody).error.message).toBe('string');
    };

    it.each([
      ['/v1/events', '{"event_id": "x",'],
      ['/v1/events', "{'single': 'quotes'}"],
      ['/v1/events', ''],
      ['/v1/events', '   '],
      ['/v1/events/batch', '{"events": [}'],
      ['/v1/events/batch', ''],
    ])('400 invalid_json: %s with %p', async (path, body) => {
      expectError(await post(path, body), 400, 'invalid_json');
    });

    it('400 invalid_json for a body that is not UTF-8', async () => {
      const latin1 = Buffer.from('{"name": "caf\u00e9"}', 'latin1');
      expectError(await send(side.gatewayUrl, '/v1/events', { token: writer.token, body: latin1 }), 400, 'invalid_json');
    });

    it.each([
      ['/v1/events', '[]'],
      ['/v1/events', '"an event"'],
      ['/v1/events', '42'],
      ['/v1/events', 'null'],
      ['/v1/events/batch', '{}'],
      ['/v1/events/batch', '[{"name": "x"}]'],
      ['/v1/events/batch', '{"events": {}}'],
      ['/v1/events/batch', '{"events": "x"}'],
      ['/v1/events/batch', '{"events": []}'],
      ['/v1/events/batch', '{"events": [{}, 1]}'],
      ['/v1/events/batch', '{"events": [{}, null]}'],
      ['/v1/events/batch', '{"events": [[]]}'],
    ])('400 invalid_request: %s with %s', async (path, body) => {
      expectError(await post(path, body), 400, 'invalid_request');
    });

    it('400 invalid_request for a batch over 500 events, 202 for exactly 500', async () => {
      const tooMany = await post('/v1/events/batch', { events: Array.from({ length: 501 }, () => ({})) });
      expectError(tooMany, 400, 'invalid_request');
      const exactly = await post('/v1/events/batch', { events: Array.from({ length: 500 }, (_, index) => ({ index })) });
      expect(exactly.status).toBe(202);
      expect((exactly.json as { ids: string[] }).ids).toHaveLength(500);
      countBefore += 500;
    });

    it.each([
      ['no Authorization header', undefined],
      ['another scheme', 'Basic dXNlcjpwYXNzd29yZA=='],
      ['an empty bearer', 'Bearer '],
      ['an unknown token', 'Bearer eye_ThisTokenWasNeverIssuedByTheEyeAtAll000000'],
      ['a token with a tab', 'Bearer eye_abc\tdefghijklmnopqrstuvwxyz'],
      ['a token with a non-ASCII character', 'Bearer eye_abcdéfghijklmnopqrstuvwxyz'],
    ])('401 unauthenticated with %s', async (_what, authorization) => {
      for (const path of ['/v1/events', '/v1/events/batch']) {
        const body = path === '/v1/events' ? event() : { events: [event()] };
        const response = await send(side.gatewayUrl, path, {
          authorization: authorization ?? undefined,
          token: null,
          body: JSON.stringify(body),
        });
        expectError(response, 401, 'unauthenticated');
      }
    });

    it('401 unauthenticated with a revoked token', async () => {
      expectError(await post('/v1/events', event(), { token: revoked.token }), 401, 'unauthenticated');
    });

    it('403 forbidden with a token without the ingest scope', async () => {
      expectError(await post('/v1/events', event(), { token: reader.token }), 403, 'forbidden');
      expectError(await post('/v1/events/batch', { events: [event()] }, { token: reader.token }), 403, 'forbidden');
    });

    it.each([
      ['POST', '/v1/event'],
      ['POST', '/v1/events/batch/more'],
      ['GET', '/nowhere'],
      ['POST', '/'],
    ])('404 not_found for %s %s', async (method, path) => {
      expectError(await send(side.gatewayUrl, path, { method, token: writer.token, body: method === 'GET' ? undefined : '{}' }), 404, 'not_found');
    });

    it.each([
      ['PUT', '/v1/events', 'POST'],
      ['DELETE', '/v1/events/batch', 'POST'],
      ['PATCH', '/v1/events/batch', 'POST'],
    ])('405 method_not_allowed for %s %s, with Allow', async (method, path, allowed) => {
      const response = await send(side.gatewayUrl, path, { method, token: writer.token, body: '{}' });
      expectError(response, 405, 'method_not_allowed');
      expect(response.headers.get('allow')?.split(/,\s*/)).toContain(allowed);
    });

    it('413 payload_too_large for a body over 1 MiB', async () => {
      const single = JSON.stringify(event({ data: { text: 'x'.repeat(MiB) } }));
      expectError(await post('/v1/events', single), 413, 'payload_too_large');
      const batch = JSON.stringify({ events: Array.from({ length: 20 }, () => event({ data: { text: 'y'.repeat(60_000) } })) });
      expect(Buffer.byteLength(batch)).toBeGreaterThan(MiB);
      expectError(await post('/v1/events/batch', batch), 413, 'payload_too_large');
    });

    it.each([
      ['no Content-Type', null],
      ['text/plain', 'text/plain'],
      ['a form', 'application/x-www-form-urlencoded'],
      ['JSON in another charset', 'application/json; charset=latin1'],
    ])('415 unsupported_media_type with %s', async (_what, contentType) => {
      expectError(await post('/v1/events', event(), { contentType }), 415, 'unsupported_media_type');
      expectError(await post('/v1/events/batch', { events: [event()] }, { contentType }), 415, 'unsupported_media_type');
    });
  });

  describe('service endpoints', () => {
    it('GET /healthz answers 200 while the process lives', async () => {
      const response = await send(side.gatewayUrl, '/healthz', { method: 'GET', contentType: null });
      expect(response.status).toBe(200);
    });

    it('GET /readyz answers 503 while a gRPC service (here: query) is not reachable', async () => {
      const response = await send(side.gatewayUrl, '/readyz', { method: 'GET', contentType: null });
      expect(response.status).toBe(503);
    });
  });
});

describe('gateway write routes when the queue or ingest cannot take events', () => {
  const mongoUrl = testMongoUrl();
  let writer: TestApplication;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const started: WriteSide[] = [];

  beforeAll(async () => {
    writer = await createTestApplication(mongoUrl, { scopes: ['ingest'] });
    nc = await connect({ servers: testNatsUrl() });
    jsm = await jetstreamManager(nc);
  });
  afterAll(async () => {
    await nc?.close();
    for (const side of started) for (const process of side.processes.reverse()) await process.stop();
  });

  const expectUnavailable = (response: { status: number; headers: Headers; json: unknown }) => {
    expect(response.status).toBe(503);
    expect((response.json as ErrorBody).error.code).toBe('unavailable');
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  };

  it('503 unavailable with Retry-After when the ingest service is not reachable', async () => {
    const side = await startWriteSide({ mongoUrl, ingestAddr: `127.0.0.1:${await freePort()}` });
    started.push(side);
    for (const [path, body] of [
      ['/v1/events', event()],
      ['/v1/events/batch', { events: [event()] }],
    ] as const) {
      expectUnavailable(await send(side.gatewayUrl, path, { token: writer.token, body: JSON.stringify(body) }));
    }
    expect((await send(side.gatewayUrl, '/healthz', { method: 'GET', contentType: null })).status).toBe(200);
    expect((await send(side.gatewayUrl, '/readyz', { method: 'GET', contentType: null })).status).toBe(503);
  });

  it('503 unavailable with Retry-After once the stream is full, having accepted only what it stored', async () => {
    const side = await startWriteSide({ mongoUrl, ingestEnv: { EYE_STREAM_MAX_BYTES: '8kb' } });
    started.push(side);
    const accepted: string[] = [];
    let refused = 0;
    for (let attempt = 0; attempt < 40 && refused < 3; attempt++) {
      const eventId = `full-${attempt}-${uniqueSuffix()}`;
      const response = await send(side.gatewayUrl, '/v1/events', {
        token: writer.token,
        body: JSON.stringify(event({ event_id: eventId, data: { padding: 'p'.repeat(700) } })),
      });
      if (response.status === 202) {
        expect(refused).toBe(0);
        accepted.push(eventId);
      } else {
        expectUnavailable(response);
        refused += 1;
      }
    }
    expect(accepted.length).toBeGreaterThan(0);
    expect(refused).toBe(3);
    const stored = await streamedEvents(jsm, side.stream);
    expect(stored.map((e) => e.eventId)).toEqual(accepted);
  });
});

describe('gateway shutdown', () => {
  it('on SIGTERM finishes the requests in flight, each 202 in the stream, and exits 0', async () => {
    const mongoUrl = testMongoUrl();
    const writer = await createTestApplication(mongoUrl, { scopes: ['ingest'] });
    const side = await startWriteSide({ mongoUrl });
    const [ingest, gateway] = side.processes;
    const nc = await connect({ servers: testNatsUrl() });
    try {
      const batch = (request: number) => ({ events: Array.from({ length: 200 }, (_, n) => event({ event_id: `term-${request}-${n}` })) });
      const requests = Array.from({ length: 8 }, (_, request) =>
        send(side.gatewayUrl, '/v1/events/batch', { token: writer.token, body: JSON.stringify(batch(request)) }).then(
          (response) => response,
          (error: unknown) => ({ status: 0, headers: new Headers(), json: { refused: String(error) } }),
        ),
      );
      // Once one request has been answered the others are under way: stop the gateway under them.
      await Promise.race(requests);
      expect(await gateway.stop('SIGTERM')).toBe(0);
      const responses = await Promise.all(requests);

      // Answered (202) or never taken (connection refused): never a 5xx.
      for (const response of responses) expect([0, 202]).toContain(response.status);
      const answered = responses.flatMap((response) => (response.status === 202 ? (response.json as { ids: string[] }).ids : []));
      expect(answered.length).toBeGreaterThanOrEqual(200);
      const stored = new Set((await streamedEvents(await jetstreamManager(nc), side.stream)).map((e) => e.eventId));
      expect(answered.filter((id) => !stored.has(id))).toEqual([]);
    } finally {
      await nc.close();
      await ingest.stop();
    }
  });
});
