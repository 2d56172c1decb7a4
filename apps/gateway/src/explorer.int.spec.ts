/**
 * The explorer's routes on the gateway (gateway and query processes on the harness database):
 * the built app at /explorer/ with its assets and caching, its configuration, and the proxy to
 * Jaeger's HTTP API with its token check. Jaeger itself is not part of the test infrastructure
 * (`npm test` builds only nats-server and FerretDB), so a small HTTP server here answers the one
 * Jaeger route the proxy calls, with a body recorded from Jaeger v2.13's API.
 */
import { createTestApplication, freePort, startService, testMongoUrl, testNatsUrl, uniqueSuffix, type ServiceProcess, type TestApplication } from '@eye/testing';
import { once } from 'node:events';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { get } from './test-support/read-fixtures';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
/** Part of a real answer of Jaeger's `GET /api/traces/<id>` (two of the spans of a POST). */
const JAEGER_TRACE = {
  data: [
    {
      traceID: TRACE_ID,
      spans: [
        { traceID: TRACE_ID, spanID: 'cfdf44c8a9fe0ee8', operationName: 'POST /v1/events', references: [], startTime: 1_796_222_787_102_000, duration: 49_339, tags: [], logs: [], processID: 'p1', warnings: null },
        { traceID: TRACE_ID, spanID: '98dcd2724b5cb4ae', operationName: 'grpc.eye.v1.IngestService/PublishEvents', references: [{ refType: 'CHILD_OF', traceID: TRACE_ID, spanID: 'cfdf44c8a9fe0ee8' }], startTime: 1_796_222_787_110_000, duration: 9_652, tags: [], logs: [], processID: 'p2', warnings: null },
      ],
      processes: { p1: { serviceName: 'eye-gateway', tags: [] }, p2: { serviceName: 'eye-ingest', tags: [] } },
      warnings: null,
    },
  ],
  total: 0,
  limit: 0,
  offset: 0,
  errors: null,
};

let query: ServiceProcess;
let ingest: ServiceProcess;
let gateway: ServiceProcess;
let gatewayUrl: string;
let jaeger: Server;
let jaegerUrl: string;
const jaegerRequests: { url: string; headers: IncomingHttpHeaders }[] = [];
let reader: TestApplication;
let ingestOnly: TestApplication;

beforeAll(async () => {
  jaeger = createServer((req, res) => {
    jaegerRequests.push({ url: req.url ?? '', headers: req.headers });
    const found = req.url === `/api/traces/${TRACE_ID}`;
    res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(found ? JAEGER_TRACE : { data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 404, msg: 'trace not found' }] }));
  });
  jaeger.listen(0, '127.0.0.1');
  await once(jaeger, 'listening');
  jaegerUrl = `http://127.0.0.1:${(jaeger.address() as AddressInfo).port}`;

  const mongoUrl = testMongoUrl();
  const [httpPort, queryPort, queryOps, ingestPort, ingestOps] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  const queryAddr = `127.0.0.1:${queryPort}`;
  const ingestAddr = `127.0.0.1:${ingestPort}`;
  const suffix = uniqueSuffix();
  [query, ingest, reader, ingestOnly] = await Promise.all([
    startService('query', { env: { EYE_MONGO_URL: mongoUrl, EYE_QUERY_ADDR: queryAddr, EYE_METRICS_PORT: String(queryOps) } }),
    // The gateway checks tokens through ingest (the trace proxy needs the query scope).
    startService('ingest', {
      env: { EYE_MONGO_URL: mongoUrl, EYE_NATS_URL: testNatsUrl(), EYE_INGEST_ADDR: ingestAddr, EYE_METRICS_PORT: String(ingestOps), EYE_STREAM_NAME: `EYE_X_${suffix}`, EYE_STREAM_SUBJECT: `eye.x.${suffix}` },
    }),
    createTestApplication(mongoUrl, { scopes: ['query'] }),
    createTestApplication(mongoUrl, { scopes: ['ingest'] }),
  ]);
  gateway = await startService('gateway', {
    env: { EYE_HTTP_PORT: String(httpPort), EYE_QUERY_ADDR: queryAddr, EYE_INGEST_ADDR: ingestAddr, EYE_JAEGER_URL: `${jaegerUrl}/`, EYE_JAEGER_UI_URL: 'http://jaeger.example:16686/' },
  });
  gatewayUrl = `http://127.0.0.1:${httpPort}`;
});

afterAll(async () => {
  await gateway?.stop();
  await Promise.all([query?.stop(), ingest?.stop()]);
  if (jaeger?.listening) jaeger.close();
});

/** A GET with the path sent exactly as given (fetch would resolve `..` segments before sending). */
function rawGet(path: string): Promise<{ status: number; contentType: string | undefined }> {
  return new Promise((resolve, reject) => {
    const url = new URL(gatewayUrl);
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] }));
    });
    req.on('error', reject);
    req.end();
  });
}

const errorCode = (body: unknown) => (body as { error?: { code?: string } }).error?.code;

describe('the explorer app', () => {
  it('is served at /explorer/ and at every view address, never cached, with a strict content policy', async () => {
    for (const path of ['/explorer/', '/explorer/events?category=x', '/explorer/events/some%20id', '/explorer/sessions/s-1', '/explorer/stats']) {
      const page = await get(gatewayUrl, path);
      expect([path, page.status, page.headers.get('content-type')]).toEqual([path, 200, expect.stringMatching(/^text\/html/)]);
      expect(page.text).toContain('<div id="root"></div>');
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
      // Every script and stylesheet comes from the gateway itself.
      expect(page.text).not.toMatch(/(src|href)="https?:/);
    }
  });

  it('serves its hashed assets for a year and answers 404 for anything else under assets/', async () => {
    const page = await get(gatewayUrl, '/explorer/');
    const script = /src="(\/explorer\/assets\/[^"]+\.js)"/.exec(page.text)?.[1];
    const style = /href="(\/explorer\/assets\/[^"]+\.css)"/.exec(page.text)?.[1];
    expect([script, style]).toEqual([expect.any(String), expect.any(String)]);
    const js = await get(gatewayUrl, script ?? '');
    expect([js.status, js.headers.get('content-type'), js.headers.get('cache-control')]).toEqual([200, expect.stringMatching(/javascript/), 'public, max-age=31536000, immutable']);
    expect((await get(gatewayUrl, style ?? '')).headers.get('content-type')).toMatch(/^text\/css/);
    for (const path of ['/explorer/assets/missing.js', '/explorer/assets/../index.html', '/explorer/assets/%2e%2e/index.html', '/explorer/assets/..%2Findex.html', '/explorer/assets/sub/dir.js']) {
      expect([path, await rawGet(path)]).toEqual([path, { status: 404, contentType: expect.stringMatching(/^application\/json/) }]);
    }
  });

  it('redirects /explorer to /explorer/ with the query, and answers 405 to other methods', async () => {
    const redirect = await fetch(`${gatewayUrl}/explorer?x=1`, { redirect: 'manual' });
    expect([redirect.status, redirect.headers.get('location')]).toEqual([301, '/explorer/?x=1']);
    const post = await fetch(`${gatewayUrl}/explorer/`, { method: 'POST' });
    expect([post.status, post.headers.get('allow'), errorCode(await post.json())]).toEqual([405, 'GET, HEAD', 'method_not_allowed']);
  });

  it('tells the app where Jaeger’s UI is', async () => {
    expect(await get(gatewayUrl, '/explorer/config.json')).toMatchObject({ status: 200, body: { jaeger_ui_url: 'http://jaeger.example:16686' } });
  });
});

describe('GET /explorer/jaeger/api/traces/:id', () => {
  const path = `/explorer/jaeger/api/traces/${TRACE_ID}`;

  it('passes Jaeger’s answer through for a query token, and sends Jaeger no credentials', async () => {
    jaegerRequests.length = 0;
    const answer = await get(gatewayUrl, path, reader.token);
    expect(answer).toMatchObject({ status: 200, body: JAEGER_TRACE });
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(jaegerRequests).toEqual([{ url: `/api/traces/${TRACE_ID}`, headers: expect.not.objectContaining({ authorization: expect.anything() }) }]);
  });

  it('needs a token with the query scope, and a trace id', async () => {
    jaegerRequests.length = 0;
    const none = await get(gatewayUrl, path);
    const unknown = await get(gatewayUrl, path, 'eye_not_a_token');
    const ingest = await get(gatewayUrl, path, ingestOnly.token);
    const badId = await get(gatewayUrl, '/explorer/jaeger/api/traces/not-a-trace', reader.token);
    expect([none, unknown, ingest, badId].map((a) => [a.status, errorCode(a.body)])).toEqual([
      [401, 'unauthenticated'],
      [401, 'unauthenticated'],
      [403, 'forbidden'],
      [400, 'invalid_query'],
    ]);
    expect(jaegerRequests).toEqual([]);
  });

  it('answers 404 for a trace Jaeger does not have, and 503 while Jaeger is away', async () => {
    const missing = await get(gatewayUrl, `/explorer/jaeger/api/traces/${'cc'.repeat(16)}`, reader.token);
    expect([missing.status, errorCode(missing.body)]).toEqual([404, 'not_found']);
    jaeger.close();
    jaeger.closeAllConnections();
    await once(jaeger, 'close');
    const away = await get(gatewayUrl, path, reader.token);
    expect([away.status, errorCode(away.body)]).toEqual([503, 'unavailable']);
    // It names what failed, never where it is (as every client-facing message).
    expect((away.body as { error: { message: string } }).error.message).toBe('Jaeger is not reachable');
  });
});
