/**
 * The ops side of the four services as processes: every /metrics is valid Prometheus text with the
 * contract's families, and its counters move when events flow through gateway → ingest →
 * validator and are read back through query; /healthz, /readyz and grpc.health.v1 answer.
 */
import { checkHealth } from '@eye/rpc';
import { createTestApplication, startStack, uniqueSuffix, type ServiceName, type Stack, type TestApplication } from '@eye/testing';
import { parsePrometheusText, sampleValue, type Family } from './test-support/prometheus-text';

type Scrape = Map<string, Family>;
const SERVICES: readonly ServiceName[] = ['gateway', 'ingest', 'validator', 'query'];

/** The families each service must expose (besides Node.js process metrics), with their types. */
const EXPECTED_FAMILIES: Record<ServiceName, Record<string, string>> = {
  gateway: { eye_requests_total: 'counter', eye_requests_duration_seconds: 'histogram' },
  ingest: {
    eye_requests_total: 'counter',
    eye_requests_duration_seconds: 'histogram',
    eye_events_accepted_total: 'counter',
    eye_publish_duration_seconds: 'histogram',
  },
  validator: {
    eye_events_stored_total: 'counter',
    eye_validator_batch_size: 'histogram',
    eye_validator_batch_duration_seconds: 'histogram',
    eye_consumer_pending_messages: 'gauge',
    eye_consumer_ack_pending_messages: 'gauge',
    eye_consumer_redelivered_messages: 'gauge',
  },
  query: { eye_requests_total: 'counter', eye_requests_duration_seconds: 'histogram' },
};

describe('metrics and health of the four services', () => {
  let stack: Stack;
  let app: TestApplication;

  beforeAll(async () => {
    // The harness NATS reserves each stream's max_bytes on disk: keep ours small.
    stack = await startStack();
    app = await createTestApplication(stack.mongoUrl, { scopes: ['ingest', 'query'] });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  async function scrape(service: ServiceName): Promise<Scrape> {
    const response = await fetch(`${stack.opsUrls[service]}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    return parsePrometheusText(await response.text());
  }

  const scrapeAll = async (): Promise<Record<ServiceName, Scrape>> => {
    const [gateway, ingest, validator, query] = await Promise.all(SERVICES.map(scrape));
    return { gateway, ingest, validator, query };
  };

  it.each(SERVICES)('%s serves valid Prometheus text with its families, process metrics and its service label', async (service) => {
    const families = await scrape(service);

    for (const [name, type] of Object.entries(EXPECTED_FAMILIES[service])) {
      expect({ name, type: families.get(name)?.type, help: Boolean(families.get(name)?.help) }).toEqual({ name, type, help: true });
    }
    expect(families.get('process_cpu_user_seconds_total')?.type).toBe('counter');
    expect(families.get('nodejs_eventloop_lag_seconds')?.type).toBe('gauge');
    const samples = [...families.values()].flatMap((family) => family.samples);
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.filter((sample) => sample.labels['service'] !== `eye-${service}`)).toEqual([]);
  });

  it('moves the request, accepted, publish, stored and batch counters as events flow', async () => {
    const before = await scrapeAll();
    const sessionId = `metrics-${uniqueSuffix()}`;
    const pageview = (path: string | undefined) => ({
      session_id: sessionId,
      category: 'page interaction',
      name: 'pageview',
      data: path === undefined ? { host: 'www.example.com' } : { host: 'www.example.com', path },
      timestamp: new Date(Date.now() - 1_000).toISOString(),
    });
    const headers = { authorization: `Bearer ${app.token}` };

    const posted = await fetch(`${stack.gatewayUrl}/v1/events/batch`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      // Three valid pageviews and one without its required `data.path`.
      body: JSON.stringify({ events: [pageview('/a'), pageview('/b'), pageview('/c'), pageview(undefined)] }),
    });
    expect(posted.status).toBe(202);

    const storedDelta = (scrape: Scrape, outcome: 'valid' | 'invalid') =>
      sampleValue(scrape, 'eye_events_stored_total', { outcome, category: 'page interaction', name: 'pageview' }) -
      sampleValue(before.validator, 'eye_events_stored_total', { outcome, category: 'page interaction', name: 'pageview' });
    const deadline = Date.now() + 20_000;
    for (;;) {
      const validator = await scrape('validator');
      if (storedDelta(validator, 'valid') === 3 && storedDelta(validator, 'invalid') === 1) break;
      if (Date.now() > deadline) {
        throw new Error(`validator stored ${storedDelta(validator, 'valid')} valid / ${storedDelta(validator, 'invalid')} invalid of 3 / 1 in 20 s`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    const read = await fetch(`${stack.gatewayUrl}/v1/events?session_id=${sessionId}`, { headers });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { events: unknown[] }).events).toHaveLength(3);

    const after = await scrapeAll();
    const delta = (service: ServiceName, name: string, labels: Record<string, string> = {}) =>
      sampleValue(after[service], name, labels) - sampleValue(before[service], name, labels);

    const batchPost = { route: '/v1/events/batch', method: 'POST', status: '202' };
    expect(delta('gateway', 'eye_requests_total', batchPost)).toBe(1);
    expect(delta('gateway', 'eye_requests_duration_seconds_count', batchPost)).toBe(1);
    expect(delta('gateway', 'eye_requests_total', { route: '/v1/events', method: 'GET', status: '200' })).toBe(1);

    const publishCall = { route: '/eye.v1.IngestService/PublishEvents', method: 'grpc', status: 'OK' };
    expect(delta('ingest', 'eye_requests_total', publishCall)).toBe(1);
    expect(delta('ingest', 'eye_requests_duration_seconds_count', publishCall)).toBe(1);
    expect(delta('ingest', 'eye_events_accepted_total', { application: app.name })).toBe(4);
    expect(delta('ingest', 'eye_publish_duration_seconds_count', { outcome: 'ok' })).toBe(1);
    expect(delta('ingest', 'eye_publish_duration_seconds_sum', { outcome: 'ok' })).toBeGreaterThan(0);

    // However the four were split into batches, every one of them went through exactly one.
    expect(delta('validator', 'eye_validator_batch_size_sum')).toBe(4);
    const batches = delta('validator', 'eye_validator_batch_size_count');
    expect(batches).toBeGreaterThanOrEqual(1);
    expect(delta('validator', 'eye_validator_batch_duration_seconds_count')).toBe(batches);
    for (const gauge of ['eye_consumer_pending_messages', 'eye_consumer_ack_pending_messages', 'eye_consumer_redelivered_messages']) {
      expect(after.validator.get(gauge)?.samples).toEqual([expect.objectContaining({ value: expect.any(Number) })]);
    }

    const listCall = { route: '/eye.v1.QueryService/ListEvents', method: 'grpc', status: 'OK' };
    expect(delta('query', 'eye_requests_total', listCall)).toBe(1);
    expect(delta('query', 'eye_requests_duration_seconds_count', listCall)).toBe(1);
  });

  it('answers /healthz and /readyz on every service, and grpc.health.v1 on ingest and query', async () => {
    for (const service of SERVICES) {
      const health = await fetch(`${stack.opsUrls[service]}/healthz`);
      expect({ service, status: health.status, body: await health.json() }).toEqual({ service, status: 200, body: { status: 'ok' } });
      const ready = await fetch(`${stack.opsUrls[service]}/readyz`);
      expect({ service, status: ready.status, body: await ready.json() }).toEqual({ service, status: 200, body: { status: 'ready' } });
    }
    expect(await checkHealth(stack.ingestAddr, 2_000)).toBe(true);
    expect(await checkHealth(stack.queryAddr, 2_000)).toBe(true);
  });
});
