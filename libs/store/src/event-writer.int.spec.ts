import { testMongoUrl } from '@eye/testing';
import { MongoClient, type Db } from 'mongodb';
import {
  COLLECTIONS,
  countTicketId,
  eventKey,
  sessionPartId,
  type CountTicketDocument,
  type EventDocument,
  type InvalidEventDocument,
  type SessionDocument,
  type SessionPartDocument,
} from './documents';
import { EventWriter } from './event-writer';
import { summarizeEvents } from './session-summary';
import { isStoreUnavailableError } from './errors';

// The writer against the harness MongoDB-wire database (FerretDB unless a mongod is on PATH).

const BASE_US = 1_609_492_527_243_860;
let nextSeq = 1_000;

function validDoc(fields: { app?: string; id?: string; session?: string; category?: string; tsUs?: number; seq?: number } = {}): EventDocument {
  const seq = fields.seq ?? nextSeq++;
  const application = fields.app ?? 'shop';
  const eventId = fields.id ?? `e-${seq}`;
  const tsUs = fields.tsUs ?? BASE_US + seq;
  return {
    _id: eventKey(application, eventId),
    application,
    event_id: eventId,
    session_id: fields.session ?? 'session-1',
    category: fields.category ?? 'page interaction',
    name: 'pageview',
    data: { host: 'a.example', path: '/' },
    ts_us: tsUs,
    timestamp: new Date(Math.floor(tsUs / 1000)),
    received_at: new Date(1_767_225_600_000),
    received_us: 1_767_225_600_000_000,
    seq,
  };
}

function invalidDoc(fields: { app?: string; id?: string; seq?: number } = {}): InvalidEventDocument {
  const seq = fields.seq ?? nextSeq++;
  const application = fields.app ?? 'shop';
  const eventId = fields.id ?? `bad-${seq}`;
  return {
    _id: eventKey(application, eventId),
    application,
    event_id: eventId,
    received_at: new Date(1_767_225_600_000),
    received_us: 1_767_225_600_000_000,
    seq,
    issues: [{ path: 'user', code: 'unexpected_field', message: 'user is not a field of an event' }],
    codes: ['unexpected_field'],
    raw_json: `{"user":${seq}}`,
  };
}

/** Writes a batch the way the validator does: again, after a pause, while the store says "later". */
async function writeUntilStored(writer: EventWriter, valid: EventDocument[], invalid: InvalidEventDocument[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await writer.writeBatch(valid, invalid);
      return;
    } catch (error) {
      if (!isStoreUnavailableError(error) || attempt > 200) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe('EventWriter', () => {
  let client: MongoClient;
  let db: Db;

  beforeEach(async () => {
    client = new MongoClient(testMongoUrl(), { serverSelectionTimeoutMS: 5_000 });
    await client.connect();
    db = client.db();
  });

  afterEach(async () => {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
  });

  const sessions = () => db.collection<SessionDocument>(COLLECTIONS.sessions);
  const parts = () => db.collection<SessionPartDocument>(COLLECTIONS.sessionParts);
  const tickets = () => db.collection<CountTicketDocument>(COLLECTIONS.countTickets);

  /** Session summaries recomputed from the stored events, to compare with the kept ones. */
  async function expectSessionsExact(): Promise<void> {
    const expected = summarizeEvents(await db.collection<EventDocument>(COLLECTIONS.events).find().toArray());
    const kept = await sessions().find().toArray();
    expect(kept.map((s) => s._id).sort()).toEqual([...expected.keys()].sort());
    for (const session of kept) {
      const want = expected.get(session._id);
      expect({ id: session._id, count: session.event_count, first: session.first_us, last: session.last_us }).toEqual({
        id: session._id,
        count: want?.event_count,
        first: want?.first_us,
        last: want?.last_us,
      });
      expect([...session.categories].sort()).toEqual([...(want?.categories ?? [])].sort());
      expect([...session.applications].sort()).toEqual([...(want?.applications ?? [])].sort());
    }
  }

  it('writes a batch again without a second document or count', async () => {
    const writer = new EventWriter(db);
    const valid = [validDoc({ session: 'a' }), validDoc({ session: 'a' }), validDoc({ session: 'b' })];
    const invalid = [invalidDoc()];

    const first = await writer.writeBatch(valid, invalid);
    expect(first).toMatchObject({ insertedValid: 3, insertedInvalid: 1, duplicates: 0 });
    expect([...first.insertedIds].sort()).toEqual([...valid, ...invalid].map((doc) => doc._id).sort());
    expect(await writer.writeBatch(valid, invalid)).toMatchObject({ insertedValid: 0, insertedInvalid: 0, duplicates: 4 });

    expect(await db.collection(COLLECTIONS.events).countDocuments()).toBe(3);
    expect(await db.collection(COLLECTIONS.invalidEvents).countDocuments()).toBe(1);
    expect(await sessions().findOne({ _id: 'a' })).toMatchObject({ event_count: 2, first_us: valid[0].ts_us, last_us: valid[1].ts_us });
    await expectSessionsExact();
  });

  it('keeps the first message of a key, valid or not; repeats in a batch and later resends are duplicates', async () => {
    const writer = new EventWriter(db);
    const first = validDoc({ id: 'k1', session: 'first-session' });
    const repeatInBatch = validDoc({ id: 'k1', session: 'other-session' });
    const invalidFirst = invalidDoc({ id: 'k2' });
    // In one batch, the lower sequence wins whatever the order in the arrays.
    const result = await writer.writeBatch([repeatInBatch, first], [invalidFirst]);
    expect(result).toMatchObject({ insertedValid: 1, insertedInvalid: 1, duplicates: 1 });

    // Later messages (higher sequences) with the same keys and the other validity.
    const later = await writer.writeBatch([validDoc({ id: 'k2', session: 'late-session' })], [invalidDoc({ id: 'k1' })]);
    expect(later).toMatchObject({ insertedValid: 0, insertedInvalid: 0, duplicates: 2 });

    expect(await db.collection(COLLECTIONS.events).find().toArray()).toEqual([expect.objectContaining({ _id: 'shop/k1', session_id: 'first-session', seq: first.seq })]);
    expect(await db.collection(COLLECTIONS.invalidEvents).find().toArray()).toEqual([expect.objectContaining({ _id: 'shop/k2', seq: invalidFirst.seq })]);
    expect((await sessions().find().toArray()).map((s) => [s._id, s.event_count])).toEqual([['first-session', 1]]);
  });

  it('stores the same event id of two applications as two events', async () => {
    const writer = new EventWriter(db);
    await writer.writeBatch([validDoc({ app: 'a', id: 'same' }), validDoc({ app: 'b', id: 'same' })], []);
    expect(await db.collection(COLLECTIONS.events).countDocuments({ event_id: 'same' })).toBe(2);
    expect(await sessions().findOne({ _id: 'session-1' })).toMatchObject({ event_count: 2 });
  });

  it('finishes an attempt that stopped after storing the event but before counting it', async () => {
    const event = validDoc({ session: 'recovering' });
    // What an attempt that died after its inserts leaves behind.
    await db.collection(COLLECTIONS.eventClaims).insertOne({ _id: event._id, seq: event.seq, received_us: event.received_us } as never);
    await db.collection<EventDocument>(COLLECTIONS.events).insertOne({ ...event });

    const result = await new EventWriter(db).writeBatch([event], []);
    expect(result).toMatchObject({ insertedValid: 0, insertedInvalid: 0, duplicates: 1 });
    expect(await sessions().findOne({ _id: 'recovering' })).toMatchObject({ event_count: 1 });
    await expectSessionsExact();
  });

  /** What a validator that died half-way leaves: the claim, the stored event, its first ticket. */
  async function leftHalfDone(event: EventDocument, ticket: { writer: string; at: number }): Promise<void> {
    await db.collection(COLLECTIONS.eventClaims).insertOne({ _id: event._id, seq: event.seq, received_us: event.received_us } as never);
    await db.collection<EventDocument>(COLLECTIONS.events).insertOne({ ...event });
    await tickets().insertOne({ _id: countTicketId(event._id, 1), ...ticket });
  }

  it('does not count again an event that a validator counted before it died, short of marking it done', async () => {
    const event = validDoc({ session: 'half-done' });
    await leftHalfDone(event, { writer: 'gone-process', at: 0 });
    await parts().insertOne({
      _id: sessionPartId('half-done', 'gone-process'),
      session_id: 'half-done',
      writer: 'gone-process',
      first_us: event.ts_us,
      last_us: event.ts_us,
      event_count: 1,
      categories: [event.category],
      applications: [event.application],
      pending: { 'old-attempt': [event._id] },
    });
    const other = validDoc({ session: 'half-done' });

    const writer = new EventWriter(db, { countDeadlineMs: 1_000, takeoverAfterMs: 3_000, clock: () => 10_000 });
    await writer.writeBatch([event, other], []);
    expect(await sessions().findOne({ _id: 'half-done' })).toMatchObject({ event_count: 2, first_us: event.ts_us, last_us: other.ts_us });
    expect(await tickets().countDocuments({ _id: countTicketId(event._id, 'done') })).toBe(1);
    // Done now: a third delivery counts nothing.
    await writer.writeBatch([event], []);
    expect(await sessions().findOne({ _id: 'half-done' })).toMatchObject({ event_count: 2 });
    await expectSessionsExact();
  });

  it('waits for another validator\'s young ticket, and takes it over once it is old enough', async () => {
    const event = validDoc({ session: 'taken-over' });
    await leftHalfDone(event, { writer: 'crashed-process', at: 0 });
    let clock = 2_000;
    const writer = new EventWriter(db, { countDeadlineMs: 1_000, takeoverAfterMs: 3_000, clock: () => clock });

    const early = await writer.writeBatch([event], []).catch((error: unknown) => error);
    expect(isStoreUnavailableError(early)).toBe(true);
    expect(await sessions().findOne({ _id: 'taken-over' })).toBeNull();

    clock = 3_001;
    expect(await writer.writeBatch([event], [])).toMatchObject({ insertedValid: 0, insertedInvalid: 0, duplicates: 1 });
    expect(await sessions().findOne({ _id: 'taken-over' })).toMatchObject({ event_count: 1 });
    expect(await tickets().countDocuments({ _id: countTicketId(event._id, 2) })).toBe(1);
    await expectSessionsExact();
  });

  it('rewrites a summary that another write left behind its parts', async () => {
    const writer = new EventWriter(db);
    await writer.writeBatch([validDoc({ session: 'merged' })], []);
    // As if a concurrent process had written an older merge last.
    await sessions().updateOne({ _id: 'merged' }, { $set: { event_count: 0, categories: [] } });
    await writer.writeBatch([validDoc({ session: 'merged', category: 'form interaction' })], []);
    expect(await sessions().findOne({ _id: 'merged' })).toMatchObject({ event_count: 2, categories: ['form interaction', 'page interaction'] });
    await expectSessionsExact();
  });

  it('counts exactly when several validators write the same messages at once', async () => {
    // JetStream hands a message to one validator at a time, except after its ack wait ran out
    // while the first one was still busy: here every message goes to three writers together.
    const events = Array.from({ length: 400 }, (_, i) =>
      validDoc({ app: i % 3 === 0 ? 'a' : 'b', session: `s-${i % 23}`, category: i % 2 ? 'x' : 'y', tsUs: BASE_US + ((i * 7919) % 100_000) }),
    );
    const invalid = Array.from({ length: 30 }, () => invalidDoc());
    const clients = await Promise.all(Array.from({ length: 3 }, () => new MongoClient(testMongoUrl(db.databaseName), { serverSelectionTimeoutMS: 5_000 }).connect()));
    try {
      await Promise.all(
        clients.map(async (other, w) => {
          const writer = new EventWriter(other.db());
          const order = w === 1 ? [...events].reverse() : events;
          const size = [25, 100, 60][w];
          for (let start = 0; start < order.length; start += size) {
            await writeUntilStored(writer, order.slice(start, start + size), start === 0 ? invalid : []);
          }
        }),
      );
    } finally {
      await Promise.all(clients.map((other) => other.close()));
    }
    expect(await db.collection(COLLECTIONS.events).countDocuments()).toBe(400);
    expect(await db.collection(COLLECTIONS.invalidEvents).countDocuments()).toBe(30);
    const counted = await sessions().find().toArray();
    expect(counted.reduce((sum, s) => sum + s.event_count, 0)).toBe(400);
    await expectSessionsExact();
  });

  it('drops the keys of finished counting attempts from its part at its next update of it', async () => {
    const writer = new EventWriter(db, { writerId: 'w1' });
    await writer.writeBatch([validDoc({ session: 'long' }), validDoc({ session: 'long' })], []);
    const last = validDoc({ session: 'long' });
    await writer.writeBatch([last], []);
    const part = await parts().findOne({ _id: sessionPartId('long', 'w1') });
    expect(part).toMatchObject({ event_count: 3, writer: 'w1' });
    expect(Object.values(part?.pending ?? {})).toEqual([[last._id]]);
    expect(await sessions().findOne({ _id: 'long' })).toMatchObject({ event_count: 3 });
  });

  it('gives up counting past its ticket deadline, and the retry takes its own ticket over and counts once', async () => {
    let clock = 0;
    let tick = 0;
    // Each reading of the clock advances it: this attempt passes the deadline before counting.
    const writer = new EventWriter(db, { countDeadlineMs: 30_000, clock: () => (clock += tick) });
    const batch = [validDoc({ session: 'slow' })];
    tick = 31_000;
    const failure = await writer.writeBatch(batch, []).catch((error: unknown) => error);
    expect(isStoreUnavailableError(failure)).toBe(true);
    expect(await sessions().findOne({ _id: 'slow' })).toBeNull();

    tick = 0;
    expect(await writer.writeBatch(batch, [])).toMatchObject({ insertedValid: 0, insertedInvalid: 0, duplicates: 1 });
    expect(await sessions().findOne({ _id: 'slow' })).toMatchObject({ event_count: 1 });
    await expectSessionsExact();
  });
});
