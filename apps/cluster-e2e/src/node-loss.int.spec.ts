/**
 * Losing a node without losing an event. The Eye replicated on loopback: a 3-node JetStream
 * cluster holding the stream with 3 replicas and 4 partitions, 2 ingest processes, 2 validators
 * (one consuming partitions 0-1, the other all), query, and a gateway with 2 workers spreading
 * its calls over both ingests. Under steady load from `@the-eye/client` (clients send their own
 * event ids), the stream leader, a validator, an ingest process and a gateway worker are each
 * killed with SIGKILL and come back. Every event a client got a 202 for is stored exactly once;
 * clients saw no status but 202 and 503 + Retry-After; the killed NATS node catches up.
 */
import { COLLECTIONS } from '@eye/store';
import {
  createTestApplication,
  startClusterStack,
  startNatsCluster,
  type ClusterStack,
  type NatsCluster,
  type ServiceProcess,
  type TestApplication,
} from '@eye/testing';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { EyeClient, type EyeError, type FetchLike } from '@the-eye/client';
import { MongoClient } from 'mongodb';

const PARTITIONS = 4;
const CLIENTS = 4;
/** Events each client tracks every tick; with 4 clients about 120 events/s in all. */
const EVENTS_PER_TICK = 3;
/** Sessions the events are spread over. */
const SESSIONS = 40;
const TICK_MS = 100;

/** What a client saw for one request: a status (with what a 503 said) or a network error. */
interface Answer {
  status?: number;
  retryAfter?: string | null;
  code?: string;
  error?: string;
}

/** A fetch that records every answer and hands the real response on (nothing is mocked). */
function answeringFetch(answers: Answer[]): FetchLike {
  return async (url, init) => {
    try {
      const response = await fetch(url, init);
      const answer: Answer = { status: response.status };
      if (response.status >= 300) {
        answer.retryAfter = response.headers.get('retry-after');
        answer.code = ((await response.clone().json()) as { error?: { code?: string } }).error?.code;
      }
      answers.push(answer);
      return response;
    } catch (error) {
      answers.push({ error: (error as Error).message });
      throw error;
    }
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `condition` (a failing check counts as false) until it holds; fails naming `what` and
 * what `state` says then.
 */
async function waitFor(what: string, condition: () => boolean | Promise<boolean>, options: { timeoutMs?: number; state?: () => Promise<unknown> } = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  while (!(await Promise.resolve().then(condition).catch(() => false))) {
    if (Date.now() > deadline) {
      const state = options.state ? ` (${JSON.stringify(await options.state().catch((error: Error) => error.message))})` : '';
      throw new Error(`waited ${timeoutMs / 1000} s for ${what}${state}`);
    }
    await sleep(100);
  }
}

/** A counter's value on a Prometheus page, summed over the label sets whose line contains `match`. */
async function counter(opsUrl: string, name: string, match = ''): Promise<number> {
  const text = await (await fetch(`${opsUrl}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && line.includes(match))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

const opsUrl = (service: ServiceProcess) => `http://127.0.0.1:${service.env['EYE_METRICS_PORT']}`;
const publishCalls = (ingest: ServiceProcess) => counter(opsUrl(ingest), 'eye_requests_total', 'PublishEvents');

describe('The Eye replicated, losing one node of each kind under load', () => {
  let cluster: NatsCluster;
  let stack: ClusterStack;
  let app: TestApplication;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let mongo: MongoClient;
  let stream: string;

  beforeAll(async () => {
    cluster = await startNatsCluster({ nodes: 3 });
    stack = await startClusterStack({
      natsUrl: cluster.urls,
      ingests: 2,
      validators: 2,
      gatewayWorkers: 2,
      env: {
        EYE_STREAM_REPLICAS: '3',
        EYE_PARTITIONS: String(PARTITIONS),
        // A killed validator's messages go to the other one after this, not after a minute.
        EYE_VALIDATOR_ACK_WAIT: '10s',
        // Within a leader election, answer 503 soon rather than hold the request.
        EYE_PUBLISH_TIMEOUT: '3s',
      },
      validatorEnv: (index): Record<string, string> => (index === 0 ? { EYE_VALIDATOR_PARTITIONS: '0-1' } : {}),
    });
    stream = stack.env['EYE_STREAM_NAME'] ?? '';
    app = await createTestApplication(stack.mongoUrl, { scopes: ['ingest'] });
    nc = await connect({ servers: cluster.urls.split(',') });
    jsm = await jetstreamManager(nc);
    mongo = await MongoClient.connect(stack.mongoUrl);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await nc?.close();
    await mongo?.close();
    await cluster?.destroy();
  });

  /** The last sequence of the stream in one node's own copy, from its monitoring endpoint (0 when it has none yet). */
  const replicaLastSeq = async (monitorUrl: string): Promise<number> => {
    const jsz = (await (await fetch(`${monitorUrl}/jsz?accounts=true&streams=true`)).json()) as {
      account_details?: { stream_detail?: { name: string; state?: { last_seq?: number } }[] }[];
    };
    const streams = (jsz.account_details ?? []).flatMap((account) => account.stream_detail ?? []);
    return streams.find((detail) => detail.name === stream)?.state?.last_seq ?? 0;
  };
  const storedCount = () => mongo.db().collection(COLLECTIONS.events).countDocuments({ application: app.name });
  const streamInfo = () => jsm.streams.info(stream);

  it('stores every accepted event exactly once, answers only 202 or 503 + Retry-After, and the lost NATS node catches up', async () => {
    const info = await streamInfo();
    expect(info.config.num_replicas).toBe(3);
    expect(info.config.subjects).toHaveLength(PARTITIONS);

    const answers: Answer[] = [];
    const errors: EyeError[] = [];
    let dropped = 0;
    const clients = Array.from(
      { length: CLIENTS },
      () =>
        new EyeClient({
          url: stack.gatewayUrl,
          token: app.token,
          batchSize: 100,
          flushIntervalMs: TICK_MS,
          maxQueue: 100_000,
          maxRetries: 40,
          retryBaseMs: 100,
          retryMaxMs: 2_000,
          requestTimeoutMs: 15_000,
          fetch: answeringFetch(answers),
          onError: (error) => errors.push(error),
          onDrop: (events) => (dropped += events.length),
        }),
    );
    const tracked = new Set<string>();
    let sending = true;
    let sequence = 0;
    const traffic = (async () => {
      while (sending) {
        for (const client of clients) {
          for (let n = 0; n < EVENTS_PER_TICK; n++, sequence++) {
            tracked.add(
              client.track({
                sessionId: `node-loss-${sequence % SESSIONS}`,
                category: 'page interaction',
                name: 'pageview',
                data: { host: 'www.example.com', path: `/${sequence}` },
              }),
            );
          }
        }
        await sleep(TICK_MS);
      }
    })();
    const accepted = () => clients.reduce((sum, client) => sum + client.stats.accepted, 0);
    const moreAccepted = async (what: string, count: number) => {
      const before = accepted();
      await waitFor(`${count} more events accepted ${what}`, () => accepted() >= before + count);
    };

    try {
      await moreAccepted('at the start', 300);
      // Calls are spread over both ingest processes.
      await waitFor('both ingests to take calls', async () => (await Promise.all(stack.ingests.map(publishCalls))).every((calls) => calls > 0));

      // 1. The stream leader's node dies: another node leads, events are still accepted, and the
      //    node catches up when it returns.
      const leader = (await streamInfo()).cluster?.leader ?? '';
      const leaderNode = cluster.node(leader);
      await leaderNode.stop({ signal: 'SIGKILL' });
      await waitFor('another stream leader', async () => {
        const now = (await streamInfo()).cluster?.leader;
        return now !== undefined && now !== leader;
      });
      await moreAccepted('with one NATS node down', 300);
      // The node returns while the clients keep sending. Caught up: its own copy of the stream
      // holds everything written while it was away (and what comes in meanwhile follows).
      const writtenWhileAway = (await streamInfo()).state.last_seq;
      await leaderNode.start();
      await waitFor(`node ${leader} to catch up to sequence ${writtenWhileAway}`, async () => (await replicaLastSeq(leaderNode.monitorUrl)) >= writtenWhileAway, {
        timeoutMs: 90_000,
        state: async () => ({
          node: await replicaLastSeq(leaderNode.monitorUrl),
          cluster: (await streamInfo()).cluster,
          log: leaderNode.logs().split('\n').filter((line) => /\[(WRN|ERR)\]/.test(line)).slice(-20),
        }),
      });
      await moreAccepted('after the node returned', 300);

      // 2. A validator dies mid-batch: the other one stores on (its messages redelivered to it).
      const validator = stack.validators[0] as ServiceProcess;
      const storedBefore = await storedCount();
      await validator.kill();
      await waitFor('200 more events stored by the other validator', async () => (await storedCount()) >= storedBefore + 200);
      await stack.restart(validator);

      // 3. An ingest process dies: calls go to the other, then to both again once it is back.
      const ingest = stack.ingests[0] as ServiceProcess;
      await ingest.kill();
      await moreAccepted('through the other ingest', 300);
      const restarted = await stack.restart(ingest);
      await waitFor('the restarted ingest to take calls again', async () => (await publishCalls(restarted)) > 0);

      // 4. A gateway worker dies: the primary starts another, the clients retry on.
      const workers = stack.gatewayWorkerPids();
      expect(workers).toHaveLength(2);
      process.kill(workers[0] as number, 'SIGKILL');
      await waitFor('a new gateway worker', () => {
        const now = stack.gatewayWorkerPids();
        return now.length === 2 && !now.includes(workers[0] as number);
      });
      await moreAccepted('after a gateway worker was replaced', 300);
    } finally {
      sending = false;
      await traffic;
    }
    const summaries = await Promise.all(clients.map((client) => client.close()));

    // Every tracked event was accepted: nothing failed for good, nothing was dropped.
    expect(errors).toEqual([]);
    expect(dropped).toBe(0);
    expect(summaries.every((summary) => summary.failed === 0 && summary.dropped === 0)).toBe(true);
    expect(accepted()).toBe(tracked.size);

    // Clients saw 202, or 503 with Retry-After while something was away; never another 5xx.
    const statuses = new Set(answers.flatMap((answer) => (answer.status === undefined ? [] : [answer.status])));
    expect([...statuses].filter((status) => status !== 202 && status !== 503)).toEqual([]);
    for (const answer of answers.filter((a) => a.status === 503)) {
      expect(answer.code).toBe('unavailable');
      expect(Number(answer.retryAfter)).toBeGreaterThan(0);
    }

    // Stored exactly once: wait until everything is stored and nothing is left to redeliver.
    const pipelineState = async () => ({
      tracked: tracked.size,
      stored: await storedCount(),
      stream: (await streamInfo()).state.messages,
      consumers: (await jsm.consumers.list(stream).next()).map((c) => ({ name: c.name, pending: c.num_pending, ack_pending: c.num_ack_pending, redelivered: c.num_redelivered })),
      validators: stack.validators.map((v) => ({ running: v.running, logs: v.logs().split('\n').slice(-5) })),
    });
    await waitFor('every accepted event stored', async () => (await storedCount()) >= tracked.size, { timeoutMs: 120_000, state: pipelineState });
    // Nothing left to deliver or redeliver: every partition's consumer has no pending and no
    // unacknowledged message. (The stream itself may still list a few acknowledged messages after
    // consumer leader changes; they are never delivered again.)
    await waitFor(
      'every consumer to have nothing left to deliver',
      async () => {
        const consumers = await jsm.consumers.list(stream).next();
        return consumers.length === PARTITIONS && consumers.every((c) => c.num_pending === 0 && c.num_ack_pending === 0);
      },
      { state: pipelineState },
    );
    const stored = await mongo
      .db()
      .collection<{ event_id: string }>(COLLECTIONS.events)
      .find({ application: app.name }, { projection: { _id: 0, event_id: 1 } })
      .toArray();
    const storedIds = stored.map((doc) => doc.event_id);
    expect(storedIds.length).toBe(tracked.size);
    expect(new Set(storedIds).size).toBe(tracked.size);
    expect(storedIds.filter((id) => !tracked.has(id))).toEqual([]);

    // Every replica, the returned node's included, is current once the load is over.
    await waitFor('every replica to be current', async () => {
      const replicas = (await streamInfo()).cluster?.replicas ?? [];
      return replicas.length === 2 && replicas.every((replica) => replica.current && !replica.offline);
    }, { state: async () => (await streamInfo()).cluster });
  });
});
