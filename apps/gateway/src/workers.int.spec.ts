/**
 * The gateway with several worker processes (node:cluster): they share the HTTP port, and the
 * primary serves the ops port, its /metrics added up over every worker.
 */
import { createTestApplication, startStack, type Stack, type TestApplication } from '@eye/testing';
import { readFileSync } from 'node:fs';
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

    const answeredBy = new Set(
      readFileSync(stack.services.gateway.logFile, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { msg?: string; route?: string; pid?: number })
        .filter((line) => line.msg === 'request' && line.route === '/v1/event-types')
        .map((line) => line.pid),
    );
    expect(answeredBy.size).toBe(2);
  });
});
