import { Writable } from 'node:stream';
import type { Registry } from 'prom-client';
import { createLogger, createMetricsRegistry, isOpsServerError, registerRequestMetrics, startOpsServer } from './index';
import type { OpsServer } from './index';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const METRIC_NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const SAMPLE_LINE = new RegExp(`^(${METRIC_NAME})(?:\\{(.*)\\})? (\\S+)(?: \\d+)?$`);
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** A strict-enough reader of the Prometheus text format: fails on any line it does not understand. */
function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      expect(line).toMatch(new RegExp(`^# (HELP ${METRIC_NAME} .*|TYPE ${METRIC_NAME} (counter|gauge|histogram|summary|untyped))$`));
      continue;
    }
    const match = SAMPLE_LINE.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(LABEL)].map(([, key, value]) => [key, value]));
    // Prometheus parses values with Go's ParseFloat: NaN and Inf in any case (prom-client writes `Nan`).
    const text = match[3].toLowerCase();
    const value = text === 'nan' ? NaN : Number(text.replace(/^([+-]?)inf$/, '$1Infinity'));
    if (Number.isNaN(value) && text !== 'nan') throw new Error(`not a Prometheus value: ${line}`);
    samples.push({ name: match[1], labels, value });
  }
  return samples;
}

const silentLogger = () =>
  createLogger({ service: 'eye-test', destination: new Writable({ write: (_chunk, _encoding, done) => done() }) });

describe('startOpsServer', () => {
  let registry: Registry;
  let server: OpsServer;
  let ready: boolean | Promise<boolean> | 'throw';

  beforeEach(async () => {
    registry = createMetricsRegistry('eye-test');
    ready = false;
    server = await startOpsServer({
      port: 0,
      registry,
      logger: silentLogger(),
      readiness: () => {
        if (ready === 'throw') throw new Error('store unreachable');
        return ready;
      },
    });
  });

  afterEach(() => server.close());

  const get = (path: string, init?: RequestInit) => fetch(`http://127.0.0.1:${server.port}${path}`, init);

  it('binds an ephemeral port on loopback', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.host).toBe('127.0.0.1');
  });

  it('serves Prometheus text with the request families, process metrics and the service label', async () => {
    const requests = registerRequestMetrics(registry);
    requests.observe({ route: '/v1/events', method: 'POST', status: 202 }, 0.012);
    requests.startTimer({ route: '/v1/events', method: 'POST' })(202);

    const response = await get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const samples = parsePrometheusText(await response.text());

    const labels = { route: '/v1/events', method: 'POST', status: '202', service: 'eye-test' };
    expect(samples).toContainEqual({ name: 'eye_requests_total', labels, value: 2 });
    expect(samples).toContainEqual({ name: 'eye_requests_duration_seconds_count', labels, value: 2 });
    expect(samples).toContainEqual({ name: 'eye_requests_duration_seconds_bucket', labels: { ...labels, le: '0.025' }, value: 2 });
    expect(samples.some((sample) => sample.name === 'process_cpu_user_seconds_total')).toBe(true);
    expect(samples.every((sample) => sample.labels.service === 'eye-test')).toBe(true);
  });

  it('answers /healthz while the process lives', async () => {
    const response = await get('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz from the readiness function, each time it is asked', async () => {
    let response = await get('/readyz');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'not_ready' });

    ready = Promise.resolve(true);
    response = await get('/readyz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready' });

    ready = 'throw';
    response = await get('/readyz');
    expect(response.status).toBe(503);
    await response.body?.cancel();
  });

  it('ignores the query string', async () => {
    const response = await get('/healthz?verbose=1');
    expect(response.status).toBe(200);
    await response.body?.cancel();
  });

  it('answers 404 JSON for unknown paths and 405 for other methods', async () => {
    const missing = await get('/nope');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/json');
    expect(await missing.json()).toEqual({ error: 'not_found' });

    const post = await get('/metrics', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
    await post.body?.cancel();
  });

  it('rejects with OpsServerError when the port is taken', async () => {
    const clash = startOpsServer({ port: server.port, registry, logger: silentLogger(), readiness: () => true });
    const error: unknown = await clash.catch((reason: unknown) => reason);
    expect(isOpsServerError(error)).toBe(true);
    expect((error as Error).message).toContain(`127.0.0.1:${server.port}`);
  });

  it('closes even with a keep-alive connection open, and twice', async () => {
    await (await get('/healthz')).text();
    await server.close();
    await server.close();
    await expect(get('/healthz')).rejects.toThrow();
  });
});

describe('registerRequestMetrics', () => {
  it('hands back the families already on a registry instead of throwing', () => {
    const registry = createMetricsRegistry('eye-test');
    const first = registerRequestMetrics(registry);
    const second = registerRequestMetrics(registry);
    expect(second.total).toBe(first.total);
    expect(second.duration).toBe(first.duration);
  });
});
