/**
 * NATS goes away in the middle of a stream of requests and comes back: the write side answers
 * 503 (never another 5xx, never a 202 for events not in the stream) and recovers by itself,
 * without restarting the services. Runs on a nats-server of its own, stopped and started again
 * on the same port and storage.
 */
import { decodeQueuedEvent } from '@eye/messaging';
import {
  createTestApplication,
  freePort,
  startNatsServer,
  startService,
  testMongoUrl,
  uniqueSuffix,
  type NatsServer,
  type ServiceProcess,
  type TestApplication,
} from '@eye/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

interface Outcome {
  status: number;
  code?: string;
  retryAfter: string | null;
  ids: string[];
}

describe('the write side while NATS is down and after it returns', () => {
  let nats: NatsServer;
  let writer: TestApplication;
  let ingest: ServiceProcess;
  let gateway: ServiceProcess;
  let gatewayUrl: string;
  const stream = `EYE_OUT_${uniqueSuffix()}`;

  beforeAll(async () => {
    const mongoUrl = testMongoUrl();
    const [ingestPort, ingestOps, httpPort, nobody] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    [nats, writer] = await Promise.all([startNatsServer(), createTestApplication(mongoUrl, { scopes: ['ingest'] })]);
    ingest = await startService('ingest', {
      env: {
        EYE_NATS_URL: nats.url,
        EYE_MONGO_URL: mongoUrl,
        EYE_INGEST_ADDR: `127.0.0.1:${ingestPort}`,
        EYE_METRICS_PORT: String(ingestOps),
        EYE_STREAM_NAME: stream,
        EYE_STREAM_SUBJECT: `eye.out.${stream}`,
        EYE_PUBLISH_TIMEOUT: '2s',
      },
    });
    gateway = await startService('gateway', {
      env: { EYE_HTTP_PORT: String(httpPort), EYE_INGEST_ADDR: `127.0.0.1:${ingestPort}`, EYE_QUERY_ADDR: `127.0.0.1:${nobody}` },
    });
    gatewayUrl = `http://127.0.0.1:${httpPort}`;
  });

  afterAll(async () => {
    await gateway?.stop();
    await ingest?.stop();
    await nats?.destroy();
  });

  let sent = 0;
  /** One batch of three events with client ids; what the gateway answered. */
  async function sendBatch(): Promise<Outcome> {
    sent += 1;
    const events = [0, 1, 2].map((n) => ({
      event_id: `out-${uniqueSuffix()}-${sent}-${n}`,
      session_id: 's',
      category: 'page interaction',
      name: 'pageview',
      data: {},
    }));
    const response = await fetch(`${gatewayUrl}/v1/events/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${writer.token}` },
      body: JSON.stringify({ events }),
    });
    const body = (await response.json()) as { ids?: string[]; error?: { code: string } };
    return { status: response.status, code: body.error?.code, retryAfter: response.headers.get('retry-after'), ids: body.ids ?? [] };
  }

  /**
   * Two senders sending batches one after another, in the background; the test waits on what
   * they have seen so far. NATS is stopped and started under their feet.
   */
  function startTraffic() {
    const outcomes: Outcome[] = [];
    const bySender: Outcome[][] = [[], []];
    let sending = true;
    const senders = bySender.map(async (own) => {
      while (sending) {
        const outcome = await sendBatch();
        outcomes.push(outcome);
        own.push(outcome);
      }
    });
    return {
      outcomes,
      bySender,
      count: (from: number, status: number) => outcomes.slice(from).filter((o) => o.status === status).length,
      stop: async () => {
        sending = false;
        await Promise.all(senders);
      },
    };
  }

  async function waitFor(what: string, condition: () => boolean, outcomes: Outcome[], timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}; statuses: ${outcomes.map((o) => o.status).join(' ')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it.each(['SIGTERM', 'SIGKILL'] as const)(
    'answers 503 while NATS is down (%s), 202 again once it is back, and every event answered 202 is in the stream',
    async (signal) => {
      const traffic = startTraffic();
      const { outcomes, bySender } = traffic;
      try {
        await waitFor('ten 202s', () => traffic.count(0, 202) >= 10, outcomes);

        await nats.stop({ signal });
        const stoppedAt = outcomes.length;
        await waitFor('three 503s after NATS stopped', () => traffic.count(stoppedAt, 503) >= 3, outcomes);

        await nats.start();
        const startedAt = bySender.map((own) => own.length);
        // The services reconnect by themselves: 202s again for every sender, without a restart.
        await waitFor(
          'three 202s in a row for each sender after NATS started again',
          () => bySender.every((own, sender) => own.length - startedAt[sender] >= 3 && own.slice(-3).every((o) => o.status === 202)),
          outcomes,
        );
      } finally {
        await traffic.stop();
      }

      for (const outcome of outcomes) {
        expect([202, 503]).toContain(outcome.status);
        if (outcome.status === 503) {
          expect(outcome.code).toBe('unavailable');
          expect(Number(outcome.retryAfter)).toBeGreaterThan(0);
        }
      }
      expect(outcomes.slice(0, 10).every((o) => o.status === 202)).toBe(true);
      expect(ingest.running).toBe(true);
      expect(gateway.running).toBe(true);

      const answered = outcomes.filter((o) => o.status === 202).flatMap((o) => o.ids);
      expect(answered.length).toBeGreaterThanOrEqual(3 * (10 + 6));
      const nc = await connect({ servers: nats.url });
      try {
        const jsm = await jetstreamManager(nc);
        const { state } = await jsm.streams.info(stream);
        const stored = new Set<string>();
        for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
          const message = await jsm.streams.getMessage(stream, { seq });
          const event = message ? decodeQueuedEvent(message.data) : undefined;
          if (event) stored.add(event.eventId);
        }
        expect(answered.filter((id) => !stored.has(id))).toEqual([]);
      } finally {
        await nc.close();
      }
    },
  );
});
