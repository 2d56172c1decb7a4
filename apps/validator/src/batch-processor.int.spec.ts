import { connectNats, ensureConsumer, ensureStream, getConsumer, partitionSubject, publishEvents, pullMessages, requeueMessage, type JsMsg, type NatsLink } from '@eye/messaging';
import { COLLECTIONS, connectMongo, DeadLetters, EventWriter, type MongoLink, type StoredEventDocument } from '@eye/store';
import { createLogger } from '@eye/telemetry';
import { startMongoServer, testMongoUrl, testNatsUrl, uniqueSuffix, withDatabase, type MongoServer } from '@eye/testing';
import { defaultRegistry, eventTypeFromJsonSchema, type EventTypeRegistry } from '@eye/validators';
import { BatchProcessor } from './batch-processor';
import { toPendingEvent } from './to-documents';
import { validatorMetrics } from './metrics';
import { pageview, changed } from './test-support/event-cases';
import { queued, sleep } from './test-support/pipeline';

/**
 * The processor's policy for messages that keep failing, against real JetStream and a real
 * database: a message that breaks its batch is retried alone; on its last delivery it is recorded
 * as a dead letter (with its bytes and the error) and acknowledged instead of failing again; a
 * redelivery finds its key stored whatever it validates as now; and a message on its last
 * delivery handed back at shutdown is requeued, not stranded.
 */
const MAX_DELIVER = 2;
const ACK_WAIT_MS = 1_000;

interface Setup {
  nats: NatsLink;
  stream: string;
  subject: string;
  durable: string;
}

async function setUp(): Promise<Setup> {
  const suffix = uniqueSuffix();
  const setup = { nats: await connectNats({ url: testNatsUrl(), name: 'processor-test' }), stream: `PROC_${suffix}`, subject: `proc.${suffix}`, durable: `proc-${suffix}` };
  const jsm = await setup.nats.jsm();
  await ensureStream(jsm, { name: setup.stream, subject: setup.subject, maxAgeMs: 600_000, maxBytes: 16 * 1024 ** 2, duplicateWindowMs: 60_000, replicas: 1 });
  await ensureConsumer(jsm, { stream: setup.stream, durable: setup.durable, filterSubject: partitionSubject(setup.subject, 0), ackWaitMs: ACK_WAIT_MS, maxAckPending: 100, maxDeliver: MAX_DELIVER });
  return setup;
}

async function tearDown(setup: Setup): Promise<void> {
  await (await setup.nats.jsm()).streams.delete(setup.stream).catch(() => undefined);
  await setup.nats.drain();
}

/** Pulls until `count` messages arrived (redeliveries come after the ack wait). */
async function pull(setup: Setup, count: number): Promise<JsMsg[]> {
  const consumer = await getConsumer(setup.nats, { stream: setup.stream, durable: setup.durable });
  const messages: JsMsg[] = [];
  const deadline = Date.now() + 15_000;
  while (messages.length < count && Date.now() < deadline) {
    for await (const message of await pullMessages(consumer, count - messages.length, 1_000)) messages.push(message);
  }
  return messages;
}

function processor(
  setup: Setup,
  db: MongoLink['db'],
  writer: Pick<EventWriter, 'insert'>,
  stopSignal = new AbortController().signal,
  eventTypes: () => EventTypeRegistry = () => defaultRegistry(),
): BatchProcessor {
  return new BatchProcessor({
    writer: writer as EventWriter,
    deadLetters: new DeadLetters(db),
    requeue: (message) => requeueMessage(setup.nats, message),
    stream: setup.stream,
    subject: setup.subject,
    consumerName: setup.durable,
    clockSkewMs: 60_000,
    maxDeliver: MAX_DELIVER,
    metrics: validatorMetrics(),
    logger: createLogger({ service: 'processor-test', level: 'silent' }),
    stopSignal,
    heartbeatMs: 300,
    eventTypes,
  });
}

const events = (app: string, ids: string[]) => ids.map((id) => queued(app, changed(pageview, { event_id: id })));

describe('BatchProcessor with messages that keep failing', () => {
  let setup: Setup;
  let mongo: MongoLink;

  beforeEach(async () => {
    setup = await setUp();
    mongo = await connectMongo({ url: testMongoUrl(), appName: 'processor-test' });
  });

  afterEach(async () => {
    await tearDown(setup);
    await mongo.db.dropDatabase();
    await mongo.close();
  });

  it('an unexpected error fails the batch (the service then ends); redelivered, the message fails alone and on its last delivery becomes a dead letter', async () => {
    const real = new EventWriter(mongo.db);
    // A bug that strikes one event: every write that holds it throws something that is not a database error.
    const buggy = {
      insert: (documents: readonly StoredEventDocument[]) =>
        documents.some((document) => document.event_id === 'boom') ? Promise.reject(new TypeError('cannot read properties of undefined')) : real.insert(documents),
    };
    const subject = processor(setup, mongo.db, buggy);
    await publishEvents(setup.nats, events('dl-app', ['a', 'boom', 'b', 'c']), { subject: setup.subject, timeoutMs: 5_000 });

    const first = await pull(setup, 4);
    await expect(subject.process(first)).rejects.toThrow(TypeError);
    expect(await mongo.db.collection(COLLECTIONS.events).countDocuments()).toBe(0);

    // Not acknowledged: after the ack wait they come again, each now on its last delivery.
    const again = await pull(setup, 4);
    expect(again.map((message) => message.info.deliveryCount)).toEqual([2, 2, 2, 2]);
    await expect(subject.process(again)).resolves.toBe(true);

    const stored = await mongo.db.collection<StoredEventDocument>(COLLECTIONS.events).find().toArray();
    expect(stored.map((document) => document.event_id).sort()).toEqual(['a', 'b', 'c']);
    const letters = await mongo.db.collection(COLLECTIONS.deadLetters).find().toArray();
    const boom = again.find((message) => message.headers?.get('Nats-Msg-Id') === 'dl-app/boom');
    expect(letters).toEqual([
      expect.objectContaining({ seq: boom?.seq, deliveries: 2, message_id: 'dl-app/boom', last_error: 'cannot read properties of undefined' }),
    ]);
    expect(Buffer.from((letters[0]['payload'] as { buffer: Uint8Array }).buffer).equals(Buffer.from(boom?.data ?? []))).toBe(true);
    await sleep(ACK_WAIT_MS * 2);
    expect((await (await setup.nats.jsm()).streams.info(setup.stream)).state.messages).toBe(0);
  });

  it('a redelivery validated under a changed registry finds its key stored: one document, the first verdict', async () => {
    const video = queued('reg-app', JSON.stringify({ event_id: 'v1', session_id: 's', category: 'video', name: 'play', data: { video_id: 'a' }, timestamp: '2021-01-01T00:00:00Z' }));
    await publishEvents(setup.nats, [video], { subject: setup.subject, timeoutMs: 5_000 });
    const [message] = await pull(setup, 1);
    // What an attempt that died between its write and its ack left: the event stored under the
    // registry of then (no video type: invalid), the message not acknowledged.
    const before = toPendingEvent({ seq: message.seq, event: video, payloadText: '' }, 60_000, defaultRegistry());
    await new EventWriter(mongo.db).insert([before.document]);

    const withVideo = defaultRegistry();
    withVideo.register(eventTypeFromJsonSchema({ category: 'video', name: 'play', dataSchema: { type: 'object', properties: { video_id: { type: 'string' } } } }));
    const [redelivered] = await pull(setup, 1);
    expect(redelivered.info.deliveryCount).toBe(2);
    await expect(processor(setup, mongo.db, new EventWriter(mongo.db), undefined, () => withVideo).process([redelivered])).resolves.toBe(true);

    expect(await mongo.db.collection(COLLECTIONS.events).find().toArray()).toEqual([expect.objectContaining({ _id: 'reg-app/v1', valid: false, codes: ['unknown_event_type'] })]);
    await sleep(ACK_WAIT_MS * 2);
    expect((await (await setup.nats.jsm()).streams.info(setup.stream)).state.messages).toBe(0);
  });

  describe('with the database away at shutdown', () => {
    let server: MongoServer;
    let away: MongoLink;

    beforeEach(async () => {
      server = await startMongoServer();
      away = await connectMongo({ url: withDatabase(server.url, 'eye_requeue', { retryWrites: false }), appName: 'processor-away' });
    });

    afterEach(async () => {
      await away.close();
      await server.destroy();
    });

    it('hands a message back with a nak, and on its last delivery requeues it instead: stored once when the database returns', async () => {
      await publishEvents(setup.nats, events('rq-app', ['x']), { subject: setup.subject, timeoutMs: 5_000 });
      await server.stop({ signal: 'SIGKILL' });
      const writer = new EventWriter(away.db);

      for (const deliveryCount of [1, 2]) {
        const [message] = await pull(setup, 1);
        expect(message.info.deliveryCount).toBe(deliveryCount);
        const stop = new AbortController();
        const processing = processor(setup, away.db, writer, stop.signal).process([message]);
        await sleep(500);
        stop.abort();
        expect(await processing).toBe(false);
      }
      // The last delivery was requeued: a fresh copy waits in the stream, the original is acknowledged.
      const [copy] = await pull(setup, 1);
      expect(copy.info.deliveryCount).toBe(1);
      expect(copy.headers?.get('Nats-Msg-Id')).toMatch(/^rq-app\/x#requeued-/);

      await server.start();
      await expect(processor(setup, away.db, writer).process([copy])).resolves.toBe(true);
      expect(await away.db.collection(COLLECTIONS.events).find().toArray()).toEqual([expect.objectContaining({ _id: 'rq-app/x', valid: true })]);
    });
  });
});
