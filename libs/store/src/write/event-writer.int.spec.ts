import { startMongoServer, testMongoFlavor, testMongoUrl, withDatabase, type MongoServer } from '@eye/testing';
import { connectMongo, type MongoLink } from '../connection';
import { isStoreUnavailableError } from '../errors';
import { eventDocument, invalidDocument } from '../fixtures.test-util';
import { COLLECTIONS, type StoredEventDocument } from '../schema/documents';
import { DeadLetters } from './dead-letters';
import { EventWriter, unstorableEventDocument } from './event-writer';

// The writer against the harness MongoDB-wire database (FerretDB on PostgreSQL here, unless a
// mongod is on PATH or EYE_TEST_MONGO_URL names one).

let mongo: MongoLink;
let writer: EventWriter;

beforeAll(async () => {
  mongo = await connectMongo({ url: testMongoUrl(), appName: 'store-writer-test' });
  writer = new EventWriter(mongo.db);
});

afterAll(async () => {
  await mongo.db.dropDatabase();
  await mongo.close();
});

const stored = (filter: Record<string, unknown>) => mongo.db.collection<StoredEventDocument>(COLLECTIONS.events).find(filter).sort({ seq: 1 }).toArray();

describe('EventWriter', () => {
  it('stores a batch as one document per event, valid and invalid in one collection, and nothing else', async () => {
    const batch = [eventDocument({ application: 'one' }), invalidDocument({ application: 'one' }), eventDocument({ application: 'one', sessionId: 's-2' })];
    const outcome = await writer.insert(batch);

    expect(outcome).toEqual({ inserted: [0, 1, 2], duplicates: [], refused: [] });
    const documents = await stored({ application: 'one' });
    expect(documents.map((doc) => [doc._id, doc.valid])).toEqual(batch.map((doc) => [doc._id, doc.valid]));
    expect(documents.every((doc) => doc.stored_at instanceof Date)).toBe(true);
    // One collection holds it all: no claims, tickets, parts or summaries.
    const collections = (await mongo.db.listCollections().toArray()).map((collection) => collection.name);
    expect(collections).toEqual([COLLECTIONS.events]);
  });

  it('a key stored before is a duplicate, whatever its content: the first message stored wins', async () => {
    const first = eventDocument({ application: 'dup', eventId: 'k', sessionId: 'first', seq: 10 });
    await writer.insert([first]);
    const resent = eventDocument({ application: 'dup', eventId: 'k', sessionId: 'second', seq: 20 });
    const nowInvalid = invalidDocument({ application: 'dup', eventId: 'k', seq: 30 });
    const fresh = eventDocument({ application: 'dup', eventId: 'other', seq: 31 });

    expect(await writer.insert([resent, nowInvalid, fresh])).toEqual({ inserted: [2], duplicates: [0, 1], refused: [] });
    const documents = await stored({ application: 'dup' });
    expect(documents.map((doc) => [doc.event_id, doc.valid, doc.session_id])).toEqual([
      ['k', true, 'first'],
      ['other', true, 'session-1'],
    ]);
  });

  it('within one batch the lowest stream sequence of a key wins', async () => {
    const later = invalidDocument({ application: 'within', eventId: 'k', seq: 9 });
    const earlier = eventDocument({ application: 'within', eventId: 'k', seq: 5 });
    expect(await writer.insert([later, earlier])).toEqual({ inserted: [1], duplicates: [0], refused: [] });
    expect((await stored({ application: 'within' })).map((doc) => [doc.seq, doc.valid])).toEqual([[5, true]]);
  });

  it('a document the driver cannot encode is refused alone; the rest of the batch is stored', async () => {
    const before = eventDocument({ application: 'bson' });
    const poison = eventDocument({ application: 'bson', data: { host: 'a.example', path: '/', form: { _bsontype: 'x' } } });
    const after = eventDocument({ application: 'bson' });

    const outcome = await writer.insert([before, poison, after]);

    expect(outcome.refused).toEqual([{ index: 1, reason: 'the event cannot be encoded as BSON' }]);
    expect(outcome.inserted).toEqual([0, 2]);
    expect((await stored({ application: 'bson' })).map((doc) => doc._id)).toEqual([before._id, after._id]);
  });

  it('a document the database refuses (a value it does not take) is refused alone', async () => {
    const ok = eventDocument({ application: 'refused' });
    // Neither engine stores this as sent: FerretDB refuses infinity (BadValue), and the
    // PostgreSQL backend a NUL inside a string; a real MongoDB takes both.
    const refused = eventDocument({ application: 'refused', data: { host: 'a.example', path: '/', form: { n: Infinity, s: 'a\u0000b' } } });
    const outcome = await writer.insert([ok, refused, eventDocument({ application: 'refused' })]);
    if (testMongoFlavor() === 'mongodb') {
      expect(outcome).toEqual({ inserted: [0, 1, 2], duplicates: [], refused: [] });
      return;
    }
    expect(outcome.refused.map(({ index }) => index)).toEqual([1]);
    expect(outcome.refused[0].reason).not.toContain('Infinity');
    expect(outcome.inserted).toEqual([0, 2]);
    expect(await stored({ application: 'refused' })).toHaveLength(2);

    // What the validator stores instead: an invalid event with the issue `unstorable` and the raw text.
    const replacement = unstorableEventDocument(refused, '{"raw":"as sent"}', outcome.refused[0].reason);
    expect(await writer.insert([replacement])).toEqual({ inserted: [0], duplicates: [], refused: [] });
    expect(await mongo.db.collection<StoredEventDocument>(COLLECTIONS.events).findOne({ _id: refused._id })).toMatchObject({
      valid: false,
      rejected: true,
      codes: ['unstorable'],
      issues: [{ path: '', code: 'unstorable' }],
      raw_json: '{"raw":"as sent"}',
    });
  });

  it('records a dead letter once, byte for byte', async () => {
    const letters = new DeadLetters(mongo.db);
    const payload = Uint8Array.from([0, 1, 2, 255]);
    const letter = { stream: 'S', subject: 'eye.events', seq: 7, deliveries: 10, payload, messageId: 'app/e', lastError: 'refused' };
    await letters.record(letter);
    await letters.record({ ...letter, lastError: 'again' });
    const records = await mongo.db.collection(COLLECTIONS.deadLetters).find().toArray();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ _id: 'S/7', deliveries: 10, message_id: 'app/e', last_error: 'refused' });
    expect([...(records[0]['payload'] as { buffer: Uint8Array }).buffer]).toEqual([0, 1, 2, 255]);
  });
});

describe('EventWriter while the database is away', () => {
  let server: MongoServer;
  let link: MongoLink;

  beforeAll(async () => {
    server = await startMongoServer();
    link = await connectMongo({ url: withDatabase(server.url, 'eye_away', { retryWrites: false }), appName: 'store-writer-away' });
  });

  afterAll(async () => {
    await link.close();
    await server.destroy();
  });

  it('says "unavailable" (to retry) instead of refusing the documents, and stores them once it is back', async () => {
    const away = new EventWriter(link.db);
    const batch = [eventDocument({ application: 'away' }), invalidDocument({ application: 'away' })];
    await server.stop({ signal: 'SIGKILL' });
    const error = await away.insert(batch).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(isStoreUnavailableError(error)).toBe(true);
    expect((error as Error).message).not.toMatch(/127\.0\.0\.1|:\d{4,5}/);

    await server.start();
    expect(await away.insert(batch)).toEqual({ inserted: [0, 1], duplicates: [], refused: [] });
  });
});
