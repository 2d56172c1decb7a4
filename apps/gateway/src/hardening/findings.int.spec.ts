/**
 * Issue 13's findings, each as a regression test through the real processes (the four services
 * as built bundles on the harness's nats-server and database). Each test failed before its fix.
 * Findings 5 (outages) and the kill -9 faults are in faults.int.spec.ts, the floods in
 * abuse.int.spec.ts.
 */
import { generateToken } from '@eye/auth';
import {
  createTestApplication,
  freePort,
  grpcurl,
  startNatsServer,
  startService,
  startStack,
  testMongoUrl,
  uniqueSuffix,
  type NatsServer,
  type ServiceProcess,
  type Stack,
  type TestApplication,
} from '@eye/testing';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { errorOf, metric, pageAll, pageview, rawConnection, readUntil, request } from '../test-support/hardening';
import { eventually } from '../test-support/read-fixtures';

const cliMain = join(__dirname, '..', '..', '..', '..', 'dist', 'apps', 'cli', 'main.js');
const run = promisify(execFile);

/** `npm run eye -- <args>` against the stack's database, as an operator runs it. */
async function eye(mongoUrl: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [cliMain, ...args], { env: { PATH: process.env['PATH'] ?? '', EYE_MONGO_URL: mongoUrl } });
  return stdout;
}

interface StoredEvent {
  id: string;
}

describe('hardening: the findings of issue 13, through the real processes', () => {
  let stack: Stack;
  let app: TestApplication;

  beforeAll(async () => {
    // Short token caches, so a rate limit set with the CLI applies within the test.
    stack = await startStack({ env: { EYE_AUTH_CACHE_TTL: '300ms' } });
    app = await createTestApplication(stack.mongoUrl);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('1. an invalid event nested 30,000 levels deep is served back by GET /v1/errors exactly as sent, and its page answers 200', async () => {
    const sessionId = `deep-${uniqueSuffix()}`;
    const deep = `{"session_id":"${sessionId}","category":"page interaction","name":"pageview","data":{"host":"a.example","path":"/","x":${'['.repeat(30_000)}${']'.repeat(30_000)}},"timestamp":"2021-01-01T00:00:00Z"}`;
    expect(Buffer.byteLength(deep)).toBeLessThan(64 * 1024);
    const sent = await request(stack.gatewayUrl, '/v1/events', { token: app.token, body: deep });
    expect(sent.status).toBe(202);
    const [id] = (sent.json as { ids: string[] }).ids;

    const page = await eventually('the invalid event', async () => {
      const answer = await request(stack.gatewayUrl, `/v1/errors?application=${app.name}`, { token: app.token });
      expect(answer.status).toBe(200);
      return answer.text.includes(`"id":"${id}"`) ? answer : undefined;
    });
    expect(page.text).toContain(`"raw":${deep}}`);
    expect(page.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('2. refuses an unknown token before reading the body: a 1 MB upload that never comes is answered 401 at once', async () => {
    for (const token of [generateToken(), 'not-a-token-of-ours-at-all']) {
      const socket = await rawConnection(stack.gatewayUrl);
      socket.write(`POST /v1/events HTTP/1.1\r\nHost: eye\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n`);
      const answer = await readUntil(socket, (text) => text.includes('"code":"unauthenticated"'), 5_000);
      socket.destroy();
      expect(answer).toMatch(/^HTTP\/1\.1 401 /);
    }
  });

  it('3. nine and more concurrent ~0.9 MiB requests of one application are all accepted (calls bounded in bytes, never a false 429)', async () => {
    const sessionId = `large-${uniqueSuffix()}`;
    const bodies = Array.from({ length: 24 }, (_, index) => JSON.stringify(pageview(sessionId, { data: { host: 'a.example', path: '/', pad: `${index}`.padEnd(900_000, 'x') } })));
    const answers = await Promise.all(bodies.map((body) => request(stack.gatewayUrl, '/v1/events', { token: app.token, body })));
    expect(answers.map((answer) => answer.status)).toEqual(bodies.map(() => 202));
    expect(new Set(answers.map((answer) => (answer.json as { ids: string[] }).ids[0])).size).toBe(bodies.length);
  });

  it('5. a read that runs out of time says so, naming the service and not its address', async () => {
    const gateway = await startService('gateway', {
      env: { ...stack.env, EYE_HTTP_PORT: String(await freePort()), EYE_RPC_TIMEOUT: '1ms' },
    });
    try {
      const answer = await request(`http://127.0.0.1:${gateway.env['EYE_HTTP_PORT']}`, '/v1/events', { token: app.token });
      // The token's lookup is a call too; either way the answer names the service that did not answer in time.
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).not.toBeNull();
      expect(errorOf(answer)).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/^the (query|ingest) service did not answer in time$/) });
    } finally {
      await gateway.stop();
    }
  });

  it('6. applies the rate limit set with `eye apps limit`: 429 rate_limited with Retry-After, counted in /metrics, other applications untouched', async () => {
    const limited = await createTestApplication(stack.mongoUrl);
    const free = await createTestApplication(stack.mongoUrl);
    const post = (token: string, count: number) =>
      request(stack.gatewayUrl, '/v1/events/batch', { token, body: { events: Array.from({ length: count }, (_, index) => pageview(`rl-${uniqueSuffix()}`, { event_id: `e-${index}-${uniqueSuffix()}` })) } });
    expect((await post(limited.token, 5)).status).toBe(202);
    expect(await eye(stack.mongoUrl, 'apps', 'limit', limited.name, '--events-per-s', '1', '--burst', '10')).toContain('limit=1/s burst 10');
    expect(await eye(stack.mongoUrl, 'apps', 'list')).toMatch(new RegExp(`${limited.name}.*limit=1/s burst 10`));

    const refused = await eventually('the limit to apply', async () => {
      const answer = await post(limited.token, 10);
      return answer.status === 429 ? answer : undefined;
    }, 10_000);
    expect(errorOf(refused)).toMatchObject({ code: 'rate_limited', message: expect.stringContaining('1 events per second') });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await post(free.token, 50)).status).toBe(202);
    expect(await metric(stack.opsUrls.gateway, 'eye_rate_limited_requests_total', { application: limited.name })).toBeGreaterThanOrEqual(1);

    await eye(stack.mongoUrl, 'apps', 'limit', limited.name, '--none');
    await eventually('the limit to be lifted', async () => ((await post(limited.token, 50)).status === 202 ? true : undefined), 10_000);
  });

  it('7. serves /metrics on the ops port only, bound where configured; the public port has none', async () => {
    expect((await request(stack.gatewayUrl, '/metrics')).status).toBe(404);
    for (const path of ['/metrics', '/healthz', '/readyz']) expect((await request(stack.opsUrls.gateway, path)).status).toBe(200);
    expect(await metric(stack.opsUrls.gateway, 'eye_requests_total')).toBeGreaterThan(0);

    const opsPort = await freePort();
    const gateway = await startService('gateway', { env: { ...stack.env, EYE_HTTP_PORT: String(await freePort()), EYE_METRICS_HOST: '127.0.0.2', EYE_METRICS_PORT: String(opsPort) } });
    try {
      expect((await fetch(`http://127.0.0.2:${opsPort}/healthz`)).status).toBe(200);
      await expect(fetch(`http://127.0.0.1:${opsPort}/healthz`)).rejects.toThrow();
    } finally {
      await gateway.stop();
    }
  });

  it('7. connects to a NATS that requires credentials with the user and password of EYE_NATS_URL', async () => {
    const nats: NatsServer = await startNatsServer({ auth: { user: 'eye', password: 'p@ss:w0rd' } });
    const started: ServiceProcess[] = [];
    try {
      const suffix = uniqueSuffix();
      const env = (url: string) => ({
        EYE_NATS_URL: url,
        EYE_MONGO_URL: testMongoUrl(),
        EYE_INGEST_ADDR: '',
        EYE_STREAM_NAME: `EYE_AUTH_${suffix}`,
        EYE_STREAM_SUBJECT: `eye.auth.${suffix}`,
      });
      const withCredentials = nats.url.replace('nats://', 'nats://eye:p%40ss%3Aw0rd@');
      const ingest = await startService('ingest', { env: { ...env(withCredentials), EYE_INGEST_ADDR: `127.0.0.1:${await freePort()}`, EYE_METRICS_PORT: String(await freePort()) } });
      started.push(ingest);
      expect((await fetch(`http://127.0.0.1:${ingest.env['EYE_METRICS_PORT']}/readyz`)).status).toBe(200);
      // Without the credentials nothing is served.
      await expect(
        startService('ingest', { env: { ...env(nats.url), EYE_INGEST_ADDR: `127.0.0.1:${await freePort()}`, EYE_METRICS_PORT: String(await freePort()) }, readyTimeoutMs: 3_000 }),
      ).rejects.toThrow();
    } finally {
      await Promise.all(started.map((service) => service.stop()));
      await nats.destroy();
    }
  });

  describe('8. reflection, as grpcurl uses it', () => {
    const call = (address: string, method: string, data: string, token?: string) =>
      grpcurl(['-plaintext', ...(token ? ['-H', `authorization: Bearer ${token}`] : []), '-d', data, address, method]);

    it('answers grpc.health.v1.Health/Check and lists and describes every service', async () => {
      for (const address of [stack.ingestAddr, stack.queryAddr]) {
        const health = await call(address, 'grpc.health.v1.Health/Check', '{"service":""}');
        expect(health.stderr).toBe('');
        expect(JSON.parse(health.stdout)).toEqual({ status: 'SERVING' });
        const list = await grpcurl(['-plaintext', address, 'list']);
        expect(list.code).toBe(0);
        for (const service of list.stdout.trim().split('\n')) {
          const described = await grpcurl(['-plaintext', address, 'describe', service]);
          expect([service, described.code, described.stderr]).toEqual([service, 0, '']);
        }
      }
      expect((await grpcurl(['-plaintext', stack.ingestAddr, 'list'])).stdout.trim().split('\n').sort()).toEqual(
        ['eye.v1.AuthService', 'eye.v1.IngestService', 'grpc.health.v1.Health'].sort(),
      );
    });

    it('calls every method of IngestService, AuthService and QueryService through reflection', async () => {
      const event = JSON.stringify(JSON.stringify(pageview(`grpc-${uniqueSuffix()}`)));
      const published = await call(stack.ingestAddr, 'eye.v1.IngestService/PublishEvents', `{"events_json":[${event}]}`, app.token);
      expect(published.stderr).toBe('');
      const [id] = (JSON.parse(published.stdout) as { ids: string[] }).ids;
      const validated = await call(stack.ingestAddr, 'eye.v1.IngestService/ValidateEvent', `{"event_json":${event}}`, app.token);
      expect(JSON.parse(validated.stdout)).toEqual({ valid: true });
      const who = await call(stack.ingestAddr, 'eye.v1.AuthService/Authenticate', '{}', app.token);
      expect(JSON.parse(who.stdout)).toMatchObject({ application: app.name, scopes: ['ingest', 'query'] });
      const unknown = await call(stack.ingestAddr, 'eye.v1.AuthService/Authenticate', '{}', generateToken());
      expect(unknown.stderr).toContain('Unauthenticated');

      const stored = await eventually('the event via gRPC', async () => {
        const answer = await call(stack.queryAddr, 'eye.v1.QueryService/GetEvent', JSON.stringify({ id }), app.token);
        return answer.code === 0 ? answer : undefined;
      });
      expect(JSON.parse(stored.stdout)).toMatchObject({ event: { id, application: app.name } });
      for (const [method, data] of [
        ['ListEvents', '{"limit":1}'],
        ['GetSession', JSON.stringify({ session_id: JSON.parse(JSON.parse(event) as string).session_id as string })],
        ['ListInvalidEvents', '{"limit":1}'],
        ['GetStats', '{}'],
      ] as const) {
        const answer = await call(stack.queryAddr, `eye.v1.QueryService/${method}`, data, app.token);
        expect([method, answer.code, answer.stderr]).toEqual([method, 0, '']);
      }
    });
  });

  describe('the route table', () => {
    it('answers POST /events and POST /events/ as POST /v1/events, with the example request of the service The Eye replaces', async () => {
      const example = {
        session_id: 'e2085be5-9137-4e4e-80b5-f1ffddc25423',
        category: 'page interaction',
        name: 'pageview',
        data: { host: 'www.consumeraffairs.com', path: '/' },
        timestamp: '2021-01-01 09:15:27.243860',
      };
      for (const path of ['/events', '/events/', '/v1/events']) {
        const answer = await request(stack.gatewayUrl, path, { token: app.token, body: example });
        expect([path, answer.status, (answer.json as { accepted: number }).accepted]).toEqual([path, 202, 1]);
      }
      expect((await request(stack.gatewayUrl, '/events', { body: example })).status).toBe(401);
      const wrongMethod = await request(stack.gatewayUrl, '/events', { token: app.token });
      expect([wrongMethod.status, wrongMethod.headers.get('allow'), errorOf(wrongMethod).code]).toEqual([405, 'POST', 'method_not_allowed']);
    });
  });
});

describe('4. a batch retried after a publish that failed part-way is stored once', () => {
  let stack: Stack;
  let app: TestApplication;

  beforeAll(async () => {
    // A stream that holds about ten of these events: a batch of twenty fills it part-way.
    stack = await startStack({ env: { EYE_STREAM_MAX_BYTES: '16kb' } });
    app = await createTestApplication(stack.mongoUrl);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('gives events without event_id the same ids again, so the retry queues only what was missing', async () => {
    const sessionId = `partial-${uniqueSuffix()}`;
    const events = Array.from({ length: 20 }, (_, index) => pageview(sessionId, { data: { host: 'a.example', path: `/${index}/${'p'.repeat(1_200)}` } }));
    // No validator while the batch is sent: nothing leaves the stream, so it fills.
    const validatorEnv = stack.services.validator.env;
    await stack.services.validator.stop();

    const first = await request(stack.gatewayUrl, '/v1/events/batch', { token: app.token, body: { events } });
    expect(first.status).toBe(503);
    expect(errorOf(first)).toMatchObject({ code: 'unavailable', message: 'the queue did not confirm every event' });

    const validator = await startService('validator', { env: { ...validatorEnv } });
    try {
      const retried = await eventually('the retry to be accepted', async () => {
        const answer = await request(stack.gatewayUrl, '/v1/events/batch', { token: app.token, body: { events } });
        return answer.status === 202 ? answer : undefined;
      }, 30_000);
      const ids = (retried.json as { ids: string[] }).ids;
      expect(new Set(ids).size).toBe(20);

      const stored = await eventually('all twenty stored', async () => {
        const all = await pageAll<StoredEvent>(stack.gatewayUrl, `/v1/sessions/${sessionId}/events`, app.token, 'events');
        return all.length >= 20 ? all : undefined;
      }, 60_000);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const again = await pageAll<StoredEvent>(stack.gatewayUrl, `/v1/sessions/${sessionId}/events`, app.token, 'events');
      expect(again.map((event) => event.id).sort()).toEqual([...ids].sort());
      expect(stored.length).toBe(20);
    } finally {
      await validator.stop();
    }
  });
});
