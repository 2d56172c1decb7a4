import { randomBytes } from 'node:crypto';
import {
  connectNats,
  encodeQueuedEvent,
  ensureStream,
  messageIdFor,
  partitionConsumerName,
  partitionSubject,
  publishEvents,
  type NatsLink,
  type QueuedEvent,
} from '@eye/messaging';
import { COLLECTIONS, detectStoreEngine, SessionReader, summarizeEvents, type EventDocument, type InvalidEventDocument, type StoredEventDocument } from '@eye/store';
import { isValidClientEventId } from '@eye/validators';
import { freePort, startService, testMongoUrl, testNatsUrl, type ServiceProcess } from '@eye/testing';
import { MongoClient, type Collection, type Db } from 'mongodb';

/** Where the pipeline under test lives: the harness NATS and a MongoDB database of its own. */
export interface PipelineOptions {
  natsUrl: string;
  mongoUrl: string;
}

/** Counts of what the validators stored. */
export interface StoredCounts {
  events: number;
  invalid: number;
}

/**
 * The validator's surroundings for one test: a JetStream stream, subject and consumer name of its
 * own (so tests never share work), a publisher standing in for ingest, and a MongoDB client to
 * look at what the validators stored. Test support only; it starts no processes.
 */
export class ValidatorPipeline {
  readonly stream: string;
  readonly subject: string;
  readonly consumer: string;
  readonly db: Db;

  private constructor(
    private readonly options: PipelineOptions,
    readonly nats: NatsLink,
    private readonly mongo: MongoClient,
  ) {
    const suffix = randomBytes(5).toString('hex');
    this.stream = `EVENTS_${suffix}`;
    this.subject = `test.${suffix}.events`;
    this.consumer = `validator-${suffix}`;
    this.db = mongo.db();
  }

  static async open(options: PipelineOptions): Promise<ValidatorPipeline> {
    const nats = await connectNats({ url: options.natsUrl, name: 'validator-test' });
    const mongo = new MongoClient(options.mongoUrl, { serverSelectionTimeoutMS: 5_000, ignoreUndefined: true });
    await mongo.connect();
    const pipeline = new ValidatorPipeline(options, nats, mongo);
    const jsm = await nats.jsm();
    await ensureStream(jsm, {
      name: pipeline.stream,
      subject: pipeline.subject,
      maxAgeMs: 3_600_000,
      maxBytes: 512 * 1024 ** 2,
      duplicateWindowMs: 120_000,
      replicas: 1,
    });
    return pipeline;
  }

  /** Every stored event, valid and invalid (one collection). */
  get stored(): Collection<StoredEventDocument> {
    return this.db.collection(COLLECTIONS.events);
  }

  /** The valid ones. */
  validEvents(filter: Record<string, unknown> = {}): Promise<EventDocument[]> {
    return this.stored.find({ ...filter, valid: true }).toArray() as Promise<EventDocument[]>;
  }

  /** One invalid event by key, or null. */
  async invalidEvent(filter: Record<string, unknown>): Promise<InvalidEventDocument | null> {
    return (await this.stored.findOne({ ...filter, valid: false })) as InvalidEventDocument | null;
  }

  /** The session summaries the query service answers with, the way it computes them on this database. */
  async sessionReader(): Promise<SessionReader> {
    return new SessionReader(this.db, await detectStoreEngine(this.db));
  }

  /** The environment for a validator process on this pipeline; `extra` wins. */
  validatorEnv(extra: Record<string, string>): Record<string, string> {
    return {
      EYE_NATS_URL: this.options.natsUrl,
      EYE_MONGO_URL: this.options.mongoUrl,
      EYE_STREAM_NAME: this.stream,
      EYE_STREAM_SUBJECT: this.subject,
      EYE_CONSUMER_NAME: this.consumer,
      ...extra,
    };
  }

  /** Publishes like ingest does (Nats-Msg-Id = application/event id), in chunks, each acknowledged. */
  async publish(events: QueuedEvent[], chunkSize = 500): Promise<void> {
    for (let start = 0; start < events.length; start += chunkSize) {
      await publishEvents(this.nats, events.slice(start, start + chunkSize), { subject: this.subject, timeoutMs: 10_000 });
    }
  }

  /**
   * Publishes one event again under another message id, as if its first copy had outlived the
   * stream's duplicate window: JetStream stores it a second time.
   */
  async publishAgain(event: QueuedEvent): Promise<void> {
    await this.nats.js.publish(this.partitionSubject, encodeQueuedEvent(event), { msgID: `${messageIdFor(event)}#again-${randomBytes(4).toString('hex')}` });
  }

  /** Publishes arbitrary bytes: a message that is not a queued event at all. */
  async publishBytes(payload: Uint8Array | string): Promise<number> {
    const ack = await this.nats.js.publish(this.partitionSubject, payload, { msgID: `raw-${randomBytes(6).toString('hex')}` });
    return ack.seq;
  }

  async counts(filter: { application?: string } = {}): Promise<StoredCounts> {
    const [events, invalid] = await Promise.all([this.stored.countDocuments({ ...filter, valid: true }), this.stored.countDocuments({ ...filter, valid: false })]);
    return { events, invalid };
  }

  /**
   * Polls until the stored counts reach `expected` (or pass it, which a test then reports as
   * doubled), or throws after `timeoutMs` with what was there.
   */
  async waitForCounts(expected: StoredCounts, options: { timeoutMs?: number; application?: string } = {}): Promise<StoredCounts> {
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    const filter = options.application === undefined ? {} : { application: options.application };
    for (;;) {
      const counts = await this.counts(filter).catch(() => undefined);
      if (counts && counts.events >= expected.events && counts.invalid >= expected.invalid) return counts;
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${JSON.stringify(expected)}; stored ${JSON.stringify(counts)}`);
      }
      await sleep(250);
    }
  }

  /** Resolves once `check` is true, polling; throws with `what` after `timeoutMs`. */
  async waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check().catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await sleep(200);
    }
  }

  /** The subject of the stream's one partition. */
  get partitionSubject(): string {
    return partitionSubject(this.subject, 0);
  }

  /** The shared consumer's state (of the one partition) as JetStream reports it. */
  async consumerInfo() {
    return (await this.nats.jsm()).consumers.info(this.stream, partitionConsumerName(this.consumer, 0));
  }

  /** Messages still in the (work-queue) stream: published and not yet acknowledged. */
  async messagesInStream(): Promise<number> {
    return (await (await this.nats.jsm()).streams.info(this.stream)).state.messages;
  }

  async close(): Promise<void> {
    await (await this.nats.jsm()).streams.delete(this.stream).catch(() => undefined);
    await this.nats.drain();
    await this.db.dropDatabase().catch(() => undefined);
    await this.mongo.close();
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let counter = 0;

/** A queued event as ingest would publish it: `raw` exactly as sent, the id ingest would pick. */
export function queued(application: string, raw: string, options: { eventId?: string; receivedMicros?: number } = {}): QueuedEvent {
  counter += 1;
  return {
    application,
    eventId: options.eventId ?? clientEventId(raw) ?? `gen-${Date.now().toString(36)}-${counter}-${randomBytes(3).toString('hex')}`,
    receivedMicros: options.receivedMicros ?? Date.now() * 1000,
    raw,
  };
}

function clientEventId(raw: string): string | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const id = (value as Record<string, unknown>)['event_id'];
      if (isValidClientEventId(id)) return id;
    }
  } catch {
    // Not JSON: ingest makes an id.
  }
  return undefined;
}

/** Reads a counter's value (summed over its label sets) from a Prometheus text page. */
export async function metricValue(metricsUrl: string, name: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

/**
 * Every way the session summaries the store answers differ from the summaries of `published`
 * (what the test sent: one summary per session over its events, each key counted once); empty
 * when exact.
 */
export async function sessionMismatches(pipeline: ValidatorPipeline, published: readonly QueuedEvent[]): Promise<string[]> {
  const sent = new Map<string, { session_id: string; ts_us: number; category: string; application: string }>();
  for (const event of published) {
    const parsed = JSON.parse(event.raw) as { session_id: string; category: string; timestamp: string };
    const key = `${event.application}/${event.eventId}`;
    if (!sent.has(key)) sent.set(key, { session_id: parsed.session_id, ts_us: microsOf(parsed.timestamp), category: parsed.category, application: event.application });
  }
  const expected = summarizeEvents(sent.values());
  const reader = await pipeline.sessionReader();
  const problems: string[] = [];
  for (const [sessionId, want] of expected) {
    const got = await reader.summary(sessionId);
    if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`session ${sessionId}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`);
  }
  return problems;
}

/** Exact microseconds of an ISO timestamp with up to six fraction digits. */
function microsOf(iso: string): number {
  const match = /\.(\d{1,6})Z$/.exec(iso);
  const fraction = match ? Number(match[1].padEnd(6, '0')) : 0;
  return Math.floor(Date.parse(iso) / 1000) * 1_000_000 + fraction;
}

/** `count` valid events of the built-in types over `sessions` sessions, timestamps spread and shuffled. */
export function validEvents(application: string, count: number, options: { sessions: number; prefix?: string }): QueuedEvent[] {
  const prefix = options.prefix ?? randomBytes(3).toString('hex');
  const base = Date.UTC(2021, 0, 1, 9, 15, 27) * 1000 + 243_860;
  return Array.from({ length: count }, (_, i) => {
    const tsUs = base + ((i * 79_193_000) % 86_400_000_000);
    const timestamp = new Date(Math.floor(tsUs / 1000)).toISOString().replace('Z', `${String(tsUs % 1000).padStart(3, '0')}Z`);
    const kind = i % 3;
    const event = {
      event_id: `${prefix}-${i}`,
      session_id: `${prefix}-session-${i % options.sessions}`,
      category: kind === 2 ? 'form interaction' : 'page interaction',
      name: ['pageview', 'cta click', 'submit'][kind],
      data:
        kind === 0
          ? { host: 'www.consumeraffairs.com', path: `/p/${i}` }
          : kind === 1
            ? { host: 'www.consumeraffairs.com', path: '/', element: `button ${i % 7}` }
            : { host: 'www.consumeraffairs.com', path: '/signup', form: { first_name: 'John', n: i } },
      timestamp,
    };
    return queued(application, JSON.stringify(event));
  });
}

/** A test's own pipeline with one validator process on it (extra `env` for the validator). */
export interface PipelineWithValidator {
  pipeline: ValidatorPipeline;
  validator: ServiceProcess;
  /** The validator's ops server: `/metrics`, `/readyz`. */
  opsUrl: string;
  /** Stops the validator, then closes the pipeline. */
  close(): Promise<void>;
}

export async function openWithValidator(env: Record<string, string> = {}): Promise<PipelineWithValidator> {
  const pipeline = await ValidatorPipeline.open({ natsUrl: testNatsUrl(), mongoUrl: testMongoUrl() });
  const port = await freePort();
  const validator = await startService('validator', { env: pipeline.validatorEnv({ EYE_METRICS_PORT: String(port), ...env }) });
  return {
    pipeline,
    validator,
    opsUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await validator.stop();
      await pipeline.close();
    },
  };
}
