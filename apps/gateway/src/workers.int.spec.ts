/**
 * The gateway with several worker processes (node:cluster): they share the HTTP port, and the
 * primary serves the ops port, its /metrics added up over every worker, and keeps the rate-limit
 * buckets all workers take from.
 */
import { createTestApplication, repoRoot, startStack, uniqueSuffix, type Stack, type TestApplication } from '@eye/testing';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parsePrometheusText, sampleValue } from './test-support/prometheus-text';

describe('the gateway with two workers', () => {
  let stack: Stack;
  let app: TestApplication;

  beforeAll(async () => {
    // At info, each request is a log line carrying the pid of the worker that answered it.
    stack = await startStack({ serviceEnv: { gateway: { EYE_GATEWAY_WORKERS: '2', EYE_LOG_LEVEL: 'info' } } });
    app = await createTestApplication(stack.mongoUrl, { scopes: ['ingest', 'query'] });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('answers on one port from both workers, and counts every request of both in one /metrics', async () => {
    const requests = 40;
    for (let index = 0; index < requests; index += 1) {
      // A new connection each time, so the primary hands requests to both workers.
      const response = await fetch(`${stack.gatewayUrl}/v1/event-types`, { headers: { authorization: `Bearer ${app.token}`, connection: 'close' } });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
    const text = await (await fetch(`${stack.opsUrls.gateway}/metrics`)).text();
    const families = parsePrometheusText(text);
    expect(sampleValue(families, 'eye_requests_total', { route: '/v1/event-types', method: 'GET', status: '200' })).toBe(requests);
    // Process metrics of both workers: the aggregate of two processes' CPU is there once.
    expect(families.has('process_cpu_seconds_total')).toBe(true);
    expect((await fetch(`${stack.opsUrls.gateway}/readyz`)).status).toBe(200);

    expect(workersThatAnswered('/v1/event-types').size).toBe(2);
  });

  it("holds an application's rate limit for both workers together, not once per worker", async () => {
    const limited = await createTestApplication(stack.mongoUrl, { scopes: ['ingest'] });
    const burst = 20;
    await promisify(execFile)(process.execPath, [join(repoRoot(), 'dist', 'apps', 'cli', 'main.js'), 'apps', 'limit', limited.name, '--events-per-s', '1', '--burst', String(burst)], {
      env: { PATH: process.env['PATH'] ?? '', EYE_MONGO_URL: stack.mongoUrl },
    });

    const started = Date.now();
    const statuses: number[] = [];
    for (let index = 0; index < 2 * burst; index += 1) {
      const events = [0, 1].map((n) => ({ session_id: `rl-${uniqueSuffix()}`, category: 'page interaction', name: 'pageview', data: { host: 'a.example', path: `/${n}` }, timestamp: new Date().toISOString() }));
      const response = await fetch(`${stack.gatewayUrl}/v1/events/batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${limited.token}`, 'content-type': 'application/json', connection: 'close' },
        body: JSON.stringify({ events }),
      });
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    const refilled = Math.ceil((Date.now() - started) / 1000);
    const acceptedEvents = 2 * statuses.filter((status) => status === 202).length;
    // Per worker, each would have let its own burst through: about twice as many.
    expect(acceptedEvents).toBeGreaterThanOrEqual(burst);
    expect(acceptedEvents).toBeLessThanOrEqual(burst + refilled + 1);
    expect(statuses.filter((status) => status !== 202).every((status) => status === 429)).toBe(true);
    expect(workersThatAnswered('/v1/events/batch').size).toBe(2);
  });

  /** The pids of the workers whose request log lines name this route. */
  function workersThatAnswered(route: string): Set<number | undefined> {
    return new Set(
      readFileSync(stack.services.gateway.logFile, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { msg?: string; route?: string; pid?: number })
        .filter((line) => line.msg === 'request' && line.route === route)
        .map((line) => line.pid),
    );
  }
});
