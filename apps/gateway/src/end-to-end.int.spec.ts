/**
 * The thinnest complete path, through real processes: POST one event to the gateway → 202 →
 * ingest publishes it to JetStream → the validator stores it in MongoDB → it comes back through
 * the query service, exactly as the contract shows it.
 */
import { createTestApplication, startStack, type Stack, type TestApplication } from '@eye/testing';
import { MongoClient } from 'mongodb';

const challengeEvent = {
  session_id: 'e2085be5-9137-4e4e-80b5-f1ffddc25423',
  category: 'page interaction',
  name: 'pageview',
  data: { host: 'www.consumeraffairs.com', path: '/' },
  timestamp: '2021-01-01 09:15:27.243860',
};

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not there after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('one event from HTTP POST to MongoDB and back through the query service', () => {
  let stack: Stack;
  let app: TestApplication;
  let mongo: MongoClient;

  beforeAll(async () => {
    stack = await startStack();
    app = await createTestApplication(stack.mongoUrl, { name: 'e2e-app', scopes: ['ingest', 'query'] });
    mongo = await MongoClient.connect(stack.mongoUrl);
  });

  afterAll(async () => {
    await mongo?.close();
    await stack?.stop();
  });

  it('accepts, stores and serves the challenge example event', async () => {
    const headers = { Authorization: `Bearer ${app.token}`, 'Content-Type': 'application/json' };
    const posted = await fetch(`${stack.gatewayUrl}/v1/events`, { method: 'POST', headers, body: JSON.stringify(challengeEvent) });
    expect(posted.status).toBe(202);
    const { accepted, ids } = (await posted.json()) as { accepted: number; ids: string[] };
    expect(accepted).toBe(1);
    expect(ids).toHaveLength(1);

    const stored = await waitFor(async () => (await mongo.db().collection('events').findOne({ event_id: ids[0] })) ?? undefined, 20_000);
    expect(stored).toMatchObject({ application: 'e2e-app', session_id: challengeEvent.session_id, ts_us: 1609492527243860 });

    const read = await fetch(`${stack.gatewayUrl}/v1/events/${ids[0]}`, { headers: { Authorization: `Bearer ${app.token}` } });
    expect(read.status).toBe(200);
    const event = (await read.json()) as Record<string, unknown>;
    expect(event).toMatchObject({
      id: ids[0],
      application: 'e2e-app',
      session_id: challengeEvent.session_id,
      category: 'page interaction',
      name: 'pageview',
      data: { host: 'www.consumeraffairs.com', path: '/' },
      timestamp: '2021-01-01T09:15:27.243860Z',
    });
    expect(typeof event['received_at']).toBe('string');

    const timeline = await fetch(`${stack.gatewayUrl}/v1/sessions/${challengeEvent.session_id}/events`, {
      headers: { Authorization: `Bearer ${app.token}` },
    });
    expect(timeline.status).toBe(200);
    const page = (await timeline.json()) as { events: { id: string }[]; next_cursor: string | null };
    expect(page.events.map((e) => e.id)).toEqual(ids);
    expect(page.next_cursor).toBeNull();

    const ready = await fetch(`${stack.gatewayUrl}/readyz`);
    expect(ready.status).toBe(200);
  });
});
