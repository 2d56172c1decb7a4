/**
 * The ingest service on its own, as an internal client sees it: the generated ts-proto client
 * over gRPC with a bearer token in the `authorization` metadata, no gateway. Runs the built
 * service on the harness's nats-server and MongoDB-wire database and reads the stream back.
 */
import { IngestServiceClient, type PublishEventsResponse } from '@eye/contracts';
import { decodeQueuedEvent, partitionOf, type QueuedEvent } from '@eye/messaging';
import {
  createTestApplication,
  freePort,
  startService,
  testMongoUrl,
  testNatsUrl,
  uniqueSuffix,
  type ServiceProcess,
  type TestApplication,
} from '@eye/testing';
import { credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { AckPolicy, DiscardPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType, type JetStreamManager } from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { MongoClient } from 'mongodb';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';

interface Ingest {
  process: ServiceProcess;
  client: IngestServiceClient;
  stream: string;
  subject: string;
  address: string;
}

interface Streamed extends QueuedEvent {
  seq: number;
  msgId: string;
  subject: string;
}

type Outcome = { ok: true; ids: string[] } | { ok: false; code: status; errorCode: string | undefined };

const cliMain = join(__dirname, '..', '..', '..', 'dist', 'apps', 'cli', 'main.js');

async function startIngest(mongoUrl: string, env: Record<string, string> = {}, stream = `EYE_I_${uniqueSuffix()}`): Promise<Ingest> {
  const [port, opsPort] = await Promise.all([freePort(), freePort()]);
  const address = `127.0.0.1:${port}`;
  const subject = `eye.i.${stream}`;
  const process = await startService('ingest', {
    env: {
      EYE_NATS_URL: testNatsUrl(),
      EYE_MONGO_URL: mongoUrl,
      EYE_INGEST_ADDR: address,
      EYE_METRICS_PORT: String(opsPort),
      EYE_STREAM_NAME: stream,
      EYE_STREAM_SUBJECT: subject,
      ...env,
    },
  });
  return { process, client: new IngestServiceClient(address, credentials.createInsecure()), stream, subject, address };
}

/** One PublishEvents call through the generated client. */
function publish(client: IngestServiceClient, eventsJson: string[], token: string | undefined): Promise<Outcome> {
  const metadata = new Metadata();
  if (token !== undefined) metadata.set('authorization', `Bearer ${token}`);
  return new Promise((resolve) => {
    client.publishEvents({ eventsJson }, metadata, { deadline: Date.now() + 20_000 }, (error: ServiceError | null, response: PublishEventsResponse) => {
      if (error) {
        const [errorCode] = error.metadata?.get('eye-error-code') ?? [];
        resolve({ ok: false, code: error.code, errorCode: typeof errorCode === 'string' ? errorCode : undefined });
      } else {
        resolve({ ok: true, ids: response.ids });
      }
    });
  });
}

async function publishOk(client: IngestServiceClient, eventsJson: string[], token: string): Promise<string[]> {
  const outcome = await publish(client, eventsJson, token);
  if (!outcome.ok) throw new Error(`PublishEvents failed: ${status[outcome.code]} ${outcome.errorCode}`);
  return outcome.ids;
}

async function streamed(jsm: JetStreamManager, stream: string): Promise<Streamed[]> {
  const { state } = await jsm.streams.info(stream);
  const messages: Streamed[] = [];
  for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
    const message = await jsm.streams.getMessage(stream, { seq });
    if (!message) continue;
    const event = decodeQueuedEvent(message.data);
    if (!event) throw new Error(`message ${seq} is not a queued event`);
    messages.push({ ...event, seq, msgId: message.header.get('Nats-Msg-Id'), subject: message.subject });
  }
  return messages;
}

const cli = (mongoUrl: string, ...args: string[]) =>
  promisify(execFile)(process.execPath, [cliMain, ...args], { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', EYE_MONGO_URL: mongoUrl } });

const anEvent = (fields: Record<string, unknown> = {}) =>
  JSON.stringify({
    session_id: 's-1',
    category: 'page interaction',
    name: 'pageview',
    data: { host: 'example.com', path: '/' },
    timestamp: '2024-05-01T10:00:00Z',
    ...fields,
  });

describe('IngestService over gRPC', () => {
  const mongoUrl = testMongoUrl();
  let ingest: Ingest;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let writer: TestApplication;
  let otherWriter: TestApplication;
  let reader: TestApplication;

  beforeAll(async () => {
    [writer, otherWriter, reader] = await Promise.all([
      createTestApplication(mongoUrl, { scopes: ['ingest'] }),
      createTestApplication(mongoUrl, { scopes: ['ingest'] }),
      createTestApplication(mongoUrl, { scopes: ['query'] }),
    ]);
    ingest = await startIngest(mongoUrl);
    nc = await connect({ servers: testNatsUrl() });
    jsm = await jetstreamManager(nc);
  });

  afterAll(async () => {
    ingest?.client.close();
    await ingest?.process.stop();
    await nc?.close();
  });

  it('publishes with a token, without the gateway: every event in the stream as sent, stamped, with Nats-Msg-Id = application/id', async () => {
    const clientId = `c-${uniqueSuffix()}`;
    const eventsJson = [anEvent({ event_id: clientId }), '  {"spaced" : true , "n": 1.0}  ', 'not JSON at all', '[1, 2]', anEvent({ event_id: 7 })];
    const before = Date.now();
    const ids = await publishOk(ingest.client, eventsJson, writer.token);
    const after = Date.now();

    expect(ids).toHaveLength(eventsJson.length);
    expect(ids[0]).toBe(clientId);
    expect(new Set(ids).size).toBe(ids.length);
    const byId = new Map((await streamed(jsm, ingest.stream)).map((m) => [m.eventId, m]));
    const messages = ids.map((id) => byId.get(id));
    messages.forEach((message, index) => {
      expect(message).toMatchObject({ application: writer.name, eventId: ids[index], msgId: `${writer.name}/${ids[index]}`, raw: eventsJson[index] });
      expect(message?.receivedMicros).toBeGreaterThanOrEqual(before * 1000);
      expect(message?.receivedMicros).toBeLessThanOrEqual(after * 1000);
    });
    const seqs = messages.map((message) => message?.seq ?? 0);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  });

  it('refuses a call without a valid token or without the ingest scope, queueing nothing', async () => {
    const countBefore = (await jsm.streams.info(ingest.stream)).state.messages;
    const cases: [string | undefined, status, string][] = [
      [undefined, status.UNAUTHENTICATED, 'unauthenticated'],
      ['eye_' + randomBytes(32).toString('base64url'), status.UNAUTHENTICATED, 'unauthenticated'],
      ['short', status.UNAUTHENTICATED, 'unauthenticated'],
      [reader.token, status.PERMISSION_DENIED, 'forbidden'],
    ];
    for (const [token, code, errorCode] of cases) {
      expect(await publish(ingest.client, [anEvent()], token)).toEqual({ ok: false, code, errorCode });
    }
    expect((await jsm.streams.info(ingest.stream)).state.messages).toBe(countBefore);
  });

  it('refuses an empty call and one of more than 500 events', async () => {
    for (const eventsJson of [[], Array.from({ length: 501 }, () => '{}')]) {
      expect(await publish(ingest.client, eventsJson, writer.token)).toEqual({ ok: false, code: status.INVALID_ARGUMENT, errorCode: 'invalid_request' });
    }
  });

  it('queues the same event id from the same application once, and the same id from another application apart', async () => {
    const eventId = `same-${uniqueSuffix()}`;
    await publishOk(ingest.client, [anEvent({ event_id: eventId })], writer.token);
    await publishOk(ingest.client, [anEvent({ event_id: eventId, name: 'cta click' })], writer.token);
    expect(await publishOk(ingest.client, [anEvent({ event_id: eventId }), anEvent({ event_id: eventId })], writer.token)).toEqual([eventId, eventId]);
    await publishOk(ingest.client, [anEvent({ event_id: eventId })], otherWriter.token);

    const messages = (await streamed(jsm, ingest.stream)).filter((m) => m.eventId === eventId);
    expect(messages.map((m) => m.msgId).sort()).toEqual([`${otherWriter.name}/${eventId}`, `${writer.name}/${eventId}`].sort());
    expect(messages.find((m) => m.application === writer.name)?.raw).toBe(anEvent({ event_id: eventId }));
  });

  it('queues an event near the body limit exactly as sent, whatever it escapes to', async () => {
    // 900 KiB of quotes and backslashes: twice that once escaped inside a JSON string.
    const big = anEvent({ event_id: `big-${uniqueSuffix()}`, data: { text: '"\\'.repeat(240_000) } });
    expect(Buffer.byteLength(big)).toBeGreaterThan(900 * 1024);
    const [id] = await publishOk(ingest.client, [big], writer.token);
    expect((await streamed(jsm, ingest.stream)).find((m) => m.eventId === id)?.raw).toBe(big);
  });

  it('refuses an event that cannot fit in a queue message as payload_too_large, not as an outage', async () => {
    const incompressible = anEvent({ data: { blob: randomBytes(1536 * 1024).toString('base64') } });
    expect(await publish(ingest.client, [anEvent(), incompressible], writer.token)).toEqual({
      ok: false,
      code: status.RESOURCE_EXHAUSTED,
      errorCode: 'payload_too_large',
    });
  });

  it('stores no token in clear: the applications collection holds only hashes', async () => {
    const client = new MongoClient(mongoUrl);
    try {
      const documents = await client.db().collection('applications').find({}).toArray();
      expect(documents.map((d) => d['name']).sort()).toEqual([writer.name, otherWriter.name, reader.name].sort());
      const stored = JSON.stringify(documents);
      for (const app of [writer, otherWriter, reader]) {
        const secret = app.token.replace(/^eye_/, '');
        // At least 32 random bytes behind each token.
        expect(Buffer.from(secret, 'base64url').length).toBeGreaterThanOrEqual(32);
        expect(stored).not.toContain(secret);
        const document = documents.find((d) => d['name'] === app.name);
        expect(document?.['token_hash']).toBe(createHash('sha256').update(app.token).digest('hex'));
        expect(document).toMatchObject({ scopes: app.scopes, revoked_at: null });
        expect(document?.['created_at']).toBeInstanceOf(Date);
      }
    } finally {
      await client.close();
    }
  });

  it('refuses a revoked token within 10 seconds of `eye apps revoke`', async () => {
    const app = await createTestApplication(mongoUrl, { scopes: ['ingest'] });
    // Used once, so the service has it cached as valid when it is revoked.
    await publishOk(ingest.client, [anEvent()], app.token);
    const deadline = Date.now() + 10_000;
    await cli(mongoUrl, 'apps', 'revoke', app.name);

    // Every call below starts within the 10 seconds; the last one must be refused.
    let outcome: Outcome;
    do {
      outcome = await publish(ingest.client, [anEvent()], app.token);
      if (outcome.ok) await new Promise((resolve) => setTimeout(resolve, 200));
    } while (outcome.ok && Date.now() < deadline);
    expect(outcome).toEqual({ ok: false, code: status.UNAUTHENTICATED, errorCode: 'unauthenticated' });
    expect(await publish(ingest.client, [anEvent()], app.token)).toEqual(outcome);
  });
});

describe('the ingest stream', () => {
  const mongoUrl = testMongoUrl();
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let writer: TestApplication;
  const running: Ingest[] = [];

  beforeAll(async () => {
    writer = await createTestApplication(mongoUrl, { scopes: ['ingest'] });
    nc = await connect({ servers: testNatsUrl() });
    jsm = await jetstreamManager(nc);
  });
  afterAll(async () => {
    for (const ingest of running) {
      ingest.client.close();
      await ingest.process.stop();
    }
    await nc?.close();
  });

  it('is created at startup with file storage and the configured limits, and updated in place at the next start', async () => {
    const first = await startIngest(mongoUrl, {
      EYE_STREAM_MAX_AGE: '2h',
      EYE_STREAM_MAX_BYTES: '64mb',
      EYE_STREAM_DUPLICATE_WINDOW: '3m',
      EYE_STREAM_REPLICAS: '1',
    });
    running.push(first);
    const created = await jsm.streams.info(first.stream);
    expect(created.config).toMatchObject({
      subjects: [`${first.subject}.0`],
      storage: StorageType.File,
      retention: RetentionPolicy.Workqueue,
      discard: DiscardPolicy.New,
      max_age: nanos(2 * 3_600_000),
      max_bytes: 64 * 1024 * 1024,
      duplicate_window: nanos(3 * 60_000),
      num_replicas: 1,
    });
    const ids = await publishOk(first.client, [anEvent({ session_id: 's-1' }), anEvent({ session_id: 's-2' })], writer.token);
    first.client.close();
    expect(await first.process.stop()).toBe(0);

    // Same stream, new limits: the stream is updated, its messages kept.
    const second = await startIngest(mongoUrl, { EYE_STREAM_MAX_AGE: '1d', EYE_STREAM_MAX_BYTES: '32mb', EYE_STREAM_DUPLICATE_WINDOW: '5m' }, first.stream);
    running.push(second);
    const updated = await jsm.streams.info(first.stream);
    expect(updated.config).toMatchObject({
      max_age: nanos(86_400_000),
      max_bytes: 32 * 1024 * 1024,
      duplicate_window: nanos(5 * 60_000),
      storage: StorageType.File,
    });
    expect((await streamed(jsm, first.stream)).map((m) => m.eventId)).toEqual(ids);
    // And a client retry within the window is still deduplicated.
    const retry = await publishOk(second.client, [anEvent({ event_id: 'after-restart' }), anEvent({ event_id: 'after-restart' })], writer.token);
    expect(retry).toEqual(['after-restart', 'after-restart']);
    expect((await jsm.streams.info(first.stream)).state.messages).toBe(3);
  });

  it('on SIGTERM finishes the calls in flight, with every event answered in the stream, and exits 0', async () => {
    const ingest = await startIngest(mongoUrl);
    running.push(ingest);
    const batch = (call: number) => Array.from({ length: 200 }, (_, n) => anEvent({ event_id: `term-${call}-${n}` }));
    const calls = Array.from({ length: 10 }, (_, call) => publish(ingest.client, batch(call), writer.token));
    // Once one call has been answered the others are on the wire: stop the service under them.
    await Promise.race(calls);
    const exitCode = await ingest.process.stop('SIGTERM');
    const outcomes = await Promise.all(calls);

    expect(exitCode).toBe(0);
    for (const outcome of outcomes) {
      if (!outcome.ok) expect(outcome.code).toBe(status.UNAVAILABLE);
    }
    const answered = outcomes.flatMap((outcome) => (outcome.ok ? outcome.ids : []));
    expect(answered.length).toBeGreaterThanOrEqual(200);
    const stored = new Set((await streamed(jsm, ingest.stream)).map((m) => m.eventId));
    expect(answered.filter((id) => !stored.has(id))).toEqual([]);
    expect(await publish(ingest.client, [anEvent()], writer.token)).toMatchObject({ ok: false, code: status.UNAVAILABLE });
  });

  it('publishes every event of a session on its partition subject, and refuses another partition count while events wait', async () => {
    const ingest = await startIngest(mongoUrl, { EYE_PARTITIONS: '4' });
    running.push(ingest);
    const sessions = Array.from({ length: 24 }, (_, n) => `part-${uniqueSuffix()}-${n}`);
    await publishOk(ingest.client, sessions.flatMap((session) => ['a', 'b'].map((n) => anEvent({ session_id: session, event_id: `${session}-${n}` }))), writer.token);
    expect((await jsm.streams.info(ingest.stream)).config.subjects).toEqual([0, 1, 2, 3].map((p) => `${ingest.subject}.${p}`));
    const messages = await streamed(jsm, ingest.stream);
    expect(messages).toHaveLength(48);
    for (const message of messages) {
      const session = (JSON.parse(message.raw) as { session_id: string }).session_id;
      expect(message.subject).toBe(`${ingest.subject}.${partitionOf(writer.name, session, 4)}`);
    }
    expect(new Set(messages.map((m) => m.subject)).size).toBe(4);
    expect(await ingest.process.stop()).toBe(0);

    // 48 events wait: another partition count would move their sessions, so ingest refuses to start.
    await expect(startIngest(mongoUrl, { EYE_PARTITIONS: '8' }, ingest.stream)).rejects.toThrow(
      new RegExp(`stream ${ingest.stream} has 4 partitions and holds 48 unacknowledged message\\(s\\); EYE_PARTITIONS=8 is refused`),
    );
    expect((await jsm.streams.info(ingest.stream)).config.subjects).toHaveLength(4);

    // Once every event is stored (the stream is empty), the new count is taken.
    await jsm.streams.purge(ingest.stream);
    const repartitioned = await startIngest(mongoUrl, { EYE_PARTITIONS: '8' }, ingest.stream);
    running.push(repartitioned);
    expect((await jsm.streams.info(ingest.stream)).config.subjects).toHaveLength(8);
    await publishOk(repartitioned.client, [anEvent({ session_id: sessions[0] })], writer.token);
    expect((await streamed(jsm, ingest.stream))[0]?.subject).toBe(`${ingest.subject}.${partitionOf(writer.name, sessions[0], 8)}`);
  });

  it('converts a stream from before partitions once it is empty, dropping its unfiltered consumer, and refuses while it holds events', async () => {
    const stream = `EYE_I_${uniqueSuffix()}`;
    const subject = `eye.i.${stream}`;
    await jsm.streams.add({ name: stream, subjects: [subject], storage: StorageType.File, retention: RetentionPolicy.Workqueue, max_bytes: 16 * 1024 * 1024 });
    await jsm.consumers.add(stream, { durable_name: 'old-validator', ack_policy: AckPolicy.Explicit });
    const js = jetstream(nc);
    await js.publish(subject, 'an event queued before partitions');

    await expect(startIngest(mongoUrl, {}, stream)).rejects.toThrow(new RegExp(`stream ${stream} has the subjects ${subject} and holds 1 unacknowledged`));

    await jsm.streams.purge(stream);
    running.push(await startIngest(mongoUrl, {}, stream));
    expect((await jsm.streams.info(stream)).config.subjects).toEqual([`${subject}.0`]);
    expect((await jsm.consumers.list(stream).next()).map((consumer) => consumer.name)).toEqual([]);
  });
});
