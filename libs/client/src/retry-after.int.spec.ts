/**
 * While NATS is down the gateway answers 503 with `Retry-After: 2`: the client waits at least that
 * long before each retry (its own backoff here is at most 50 ms), and the events land once NATS
 * is back. The stack runs on a nats-server of its own, stopped and started on the same port.
 */
import {
  createTestApplication,
  startNatsServer,
  startStack,
  uniqueSuffix,
  type NatsServer,
  type Stack,
  type TestApplication,
} from '@eye/testing';
import { EyeClient } from './index';
import { recordingFetch } from './test-support/recording-fetch';
import { waitFor } from './test-support/wait';

describe('EyeClient while the queue is unavailable', () => {
  let nats: NatsServer;
  let stack: Stack;
  let app: TestApplication;

  beforeAll(async () => {
    nats = await startNatsServer();
    // A short publish timeout, so that each 503 comes within a second.
    stack = await startStack({ natsUrl: nats.url, serviceEnv: { ingest: { EYE_PUBLISH_TIMEOUT: '1s' } } });
    app = await createTestApplication(stack.mongoUrl);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await nats?.destroy();
  });

  it('waits at least Retry-After after each 503, then delivers once NATS is back', async () => {
    const { fetch, requests } = recordingFetch();
    const client = new EyeClient({
      url: stack.gatewayUrl,
      token: app.token,
      flushIntervalMs: 60_000,
      retryBaseMs: 10,
      retryMaxMs: 50,
      maxRetries: 30,
      fetch,
    });
    const session = `s-outage-${uniqueSuffix()}`;
    await nats.stop();
    const ids = [1, 2, 3, 4, 5].map((n) =>
      client.track({ sessionId: session, category: 'page interaction', name: 'pageview', data: { host: 'a.example', path: `/${n}` } }),
    );
    const flushing = client.flush();

    await waitFor('two 503s', () => requests.filter((r) => r.status === 503).length, (n) => n >= 2, { intervalMs: 50 });
    await nats.start();
    const summary = await flushing;

    expect(summary).toEqual({ accepted: 5, failed: 0, dropped: 0, failures: [], droppedEventIds: [] });
    const statuses = requests.map((r) => r.status);
    expect(statuses.at(-1)).toBe(202);
    expect(statuses.slice(0, -1).every((s) => s === 503)).toBe(true);
    for (const [i, request] of requests.entries()) {
      if (request.status !== 503) continue;
      expect(request.retryAfter).toBe('2');
      const next = requests[i + 1];
      // Timers may fire up to a millisecond early against performance.now().
      expect((next?.startedAt ?? 0) - (request.endedAt ?? Infinity)).toBeGreaterThanOrEqual(1_998);
    }

    const stored = await waitFor(
      'the five events stored',
      () => client.sessionEvents(session).toArray(),
      (events) => events.length >= 5,
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(stored.map((e) => e.id).sort()).toEqual([...ids].sort());
    await client.close();
  }, 120_000);
});
