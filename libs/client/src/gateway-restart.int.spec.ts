/**
 * 20,000 events through `track()` while the gateway dies (SIGKILL, requests in flight lost) and
 * a new one starts on the same port: `close()` reports every event accepted, and the pipeline
 * stored each exactly once (the client retries with the same `event_id`s).
 */
import { createTestApplication, startService, startStack, type ServiceProcess, type Stack, type TestApplication } from '@eye/testing';
import { EyeClient, type EyeError } from './index';
import { recordingFetch } from './test-support/recording-fetch';
import { countStoredEvents, storedEventIds } from './test-support/stored-events';
import { sleep, waitFor } from './test-support/wait';

const TOTAL = 20_000;
const CHUNK = 250;

describe('EyeClient across a gateway restart', () => {
  let stack: Stack;
  let app: TestApplication;
  let newGateway: ServiceProcess | undefined;

  beforeAll(async () => {
    stack = await startStack();
    app = await createTestApplication(stack.mongoUrl, { scopes: ['ingest'] });
  }, 120_000);

  afterAll(async () => {
    await newGateway?.stop();
    await stack?.stop();
  });

  it(`delivers ${TOTAL} events exactly once while the gateway is killed and started again`, async () => {
    const { fetch, requests } = recordingFetch();
    const errors: EyeError[] = [];
    let drops = 0;
    const client = new EyeClient({
      url: stack.gatewayUrl,
      token: app.token,
      batchSize: 500,
      flushIntervalMs: 100,
      // Room for everything tracked during the restart: this test is about retries, not drops.
      maxQueue: TOTAL,
      retryBaseMs: 100,
      retryMaxMs: 2_000,
      maxRetries: 20,
      fetch,
      onError: (error) => errors.push(error),
      onDrop: (events) => (drops += events.length),
    });
    const oldGateway = stack.services.gateway;
    expect(oldGateway.env['EYE_HTTP_PORT']).toBe(stack.env['EYE_HTTP_PORT']);

    const ids = new Set<string>();
    let restart: Promise<void> | undefined;
    for (let sent = 0; sent < TOTAL; sent += CHUNK) {
      if (sent === TOTAL / 2) {
        restart = (async () => {
          await oldGateway.kill();
          await sleep(300);
          newGateway = await startService('gateway', { env: { ...oldGateway.env } });
        })();
      }
      for (let n = 0; n < CHUNK; n++) {
        ids.add(
          client.track({
            sessionId: `restart-${(sent + n) % 50}`,
            category: 'page interaction',
            name: 'pageview',
            data: { host: 'www.example.com', path: `/${sent + n}` },
          }),
        );
      }
      await sleep(40);
    }
    await restart;
    const pendingAtClose = client.stats.queued + client.stats.inFlight;
    const summary = await client.close();

    // close() reports on what was still pending; the totals cover everything.
    expect(summary).toEqual({ accepted: pendingAtClose, failed: 0, dropped: 0, failures: [], droppedEventIds: [] });
    expect(client.stats).toEqual({ tracked: TOTAL, accepted: TOTAL, failed: 0, dropped: 0, queued: 0, inFlight: 0 });
    expect(errors).toEqual([]);
    expect(drops).toBe(0);
    expect(ids.size).toBe(TOTAL);
    // The restart really hit the client: some requests got no answer and were retried.
    const failed = requests.filter((r) => r.error !== undefined);
    expect(failed.length).toBeGreaterThan(0);
    expect(requests.filter((r) => r.status === 202).reduce((sum, r) => sum + (r.events ?? 0), 0)).toBeGreaterThanOrEqual(TOTAL);
    expect(newGateway?.env['EYE_HTTP_PORT']).toBe(stack.env['EYE_HTTP_PORT']);

    await waitFor('every event stored', () => countStoredEvents(stack.mongoUrl), (n) => n >= TOTAL, { timeoutMs: 240_000, intervalMs: 2_000 });
    // Give a duplicate, if there were one, the time to land before counting.
    await sleep(2_000);
    const stored = await storedEventIds(stack.mongoUrl);
    expect(stored.length).toBe(TOTAL);
    expect(new Set(stored).size).toBe(TOTAL);
    expect(stored.filter((id) => !ids.has(id))).toEqual([]);
  }, 360_000);
});
