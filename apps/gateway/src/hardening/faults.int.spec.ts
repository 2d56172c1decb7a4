/**
 * kill -9 of each process under load from the client library, and what clients are told while a
 * dependency is down. The nats-server and the database belong to this file (so they can be
 * killed); the four services run as processes on them. Whatever dies and restarts, every event
 * the client library saw accepted (202) is stored exactly once, and nothing is stored twice.
 */
import {
  createTestApplication,
  startMongoServer,
  startNatsServer,
  startService,
  startStack,
  uniqueSuffix,
  type MongoServer,
  type NatsServer,
  type ServiceName,
  type ServiceProcess,
  type Stack,
  type TestApplication,
} from '@eye/testing';
import { EyeClient } from '@the-eye/client';
import { errorOf, pageAll, pageview, request, sleep } from '../test-support/hardening';
import { eventually } from '../test-support/read-fixtures';

/** Addresses, ports and driver words that must never reach a client. */
const BACKEND_DETAILS = /127\.0\.0\.1|localhost|:\d{2,5}\b|ECONN|Mongo|nats:|NATS|timed out after/;

describe('faults: kill -9 of each process under load, every accepted event stored exactly once', () => {
  let nats: NatsServer;
  let mongo: MongoServer;
  let stack: Stack;
  let app: TestApplication;
  /** The live process of each service (replaced when one is killed and started again). */
  const live = new Map<ServiceName, ServiceProcess>();

  beforeAll(async () => {
    [nats, mongo] = await Promise.all([startNatsServer(), startMongoServer()]);
    const mongoUrl = `${mongo.url}eye_faults_${uniqueSuffix()}${mongo.engine === 'ferretdb' ? '?retryWrites=false' : ''}`;
    // Redelivery soon after a validator dies mid-batch (the default is 60 s).
    stack = await startStack({ natsUrl: nats.url, mongoUrl, env: { EYE_VALIDATOR_ACK_WAIT: '3s', EYE_AUTH_CACHE_TTL: '5s' } });
    for (const [name, service] of Object.entries(stack.services)) live.set(name as ServiceName, service);
    app = await createTestApplication(mongoUrl);
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([...live.values()].map((service) => service.stop()));
    await Promise.allSettled([nats?.destroy(), mongo?.destroy()]);
  });

  /**
   * Kills a service with SIGKILL, runs `whileDown`, and starts it again with the same environment
   * (so the same ports).
   */
  async function restart(name: ServiceName, whileDown: () => Promise<void> = () => sleep(300)): Promise<void> {
    const service = live.get(name);
    if (!service) throw new Error(`no ${name}`);
    await service.kill();
    await whileDown();
    live.set(name, await startService(name, { env: { ...service.env } }));
  }

  it('loses and duplicates nothing through kill -9 of gateway, ingest, validator, nats-server and the database, and tells clients which dependency is down', async () => {
    const sessionId = `faults-${uniqueSuffix()}`;
    const failed = new Set<string>();
    const client = new EyeClient({
      url: stack.gatewayUrl,
      token: app.token,
      batchSize: 20,
      flushIntervalMs: 50,
      maxRetries: 30,
      retryBaseMs: 100,
      retryMaxMs: 1_000,
      requestTimeoutMs: 15_000,
      onError: (error) => error.eventIds.forEach((id) => failed.add(id)),
      onDrop: (events) => events.forEach((event) => failed.add(event.event_id)),
    });
    const tracked: string[] = [];
    let loading = true;
    const load = (async () => {
      for (let i = 0; loading; i++) {
        tracked.push(client.track({ sessionId, category: 'page interaction', name: 'pageview', data: { host: 'a.example', path: `/${i}` }, eventId: `${sessionId}-${i}` }));
        await sleep(25);
      }
    })();

    const told: Record<string, string> = {};
    const victims: [string, () => Promise<void>][] = [
      ['gateway', () => restart('gateway')],
      [
        'ingest',
        () =>
          restart('ingest', async () => {
            const answer = await request(stack.gatewayUrl, '/v1/events', { token: app.token, body: pageview(`down-${uniqueSuffix()}`) });
            told['ingest'] = `${answer.status} ${errorOf(answer).message ?? ''}`;
          }),
      ],
      ['validator', () => restart('validator')],
      [
        'nats-server',
        async () => {
          await nats.stop({ signal: 'SIGKILL' });
          const answer = await request(stack.gatewayUrl, '/v1/events', { token: app.token, body: pageview(`down-${uniqueSuffix()}`) });
          told['nats'] = `${answer.status} ${errorOf(answer).message ?? ''}`;
          await nats.start();
        },
      ],
      [
        'database',
        async () => {
          // A read just before, so that the query service has the token cached and reaches the database.
          expect((await request(stack.gatewayUrl, `/v1/sessions/${sessionId}/events?limit=1`, { token: app.token })).status).toBe(200);
          await mongo.stop({ signal: 'SIGKILL' });
          const answer = await request(stack.gatewayUrl, `/v1/sessions/${sessionId}/events`, { token: app.token });
          told['database'] = `${answer.status} ${errorOf(answer).message ?? ''}`;
          await mongo.start();
        },
      ],
    ];
    for (const [, kill] of victims) {
      await sleep(1_000);
      await kill();
    }
    await sleep(1_000);
    loading = false;
    await load;
    const summary = await client.close();

    // While a dependency was down, clients were told which one, and nothing of where it is.
    expect(told['ingest']).toBe('503 the ingest service is not reachable');
    expect(told['nats']).toMatch(/^503 the queue /);
    // The read fails where it first needs the database: the token lookup (when the query service's
    // cache entry has just expired) or the read itself. Either way the client is told which part.
    expect(told['database']).toMatch(/^503 the (database could not list events: it is not reachable or failed|applications store is not reachable)$/);
    for (const message of Object.values(told)) expect(message).not.toMatch(BACKEND_DETAILS);

    const accepted = tracked.filter((id) => !failed.has(id));
    // close() accounts for what was still queued when it was called, which may be nothing; what
    // it reports failed or dropped was reported to the callbacks too.
    expect(tracked.length).toBeGreaterThan(100);
    expect(summary.failed + summary.dropped).toBeLessThanOrEqual(failed.size);
    expect(accepted.length).toBeGreaterThan(tracked.length * 0.9);

    const stored = await eventually(
      'every accepted event stored',
      async () => {
        const events = await pageAll<{ id: string }>(stack.gatewayUrl, `/v1/sessions/${sessionId}/events`, app.token, 'events').catch(() => []);
        const ids = new Set(events.map((event) => event.id));
        return accepted.every((id) => ids.has(id)) ? events : undefined;
      },
      90_000,
    );
    const ids = stored.map((event) => event.id);
    expect(ids.length).toBe(new Set(ids).size);
    // Events that failed for good may or may not have been stored, but never twice and never unknown ones.
    expect(ids.filter((id) => !tracked.includes(id))).toEqual([]);
    for (const service of live.values()) expect([service.name, service.running]).toEqual([service.name, true]);
  }, 240_000);
});
