import { testMongoDescription, testMongoUrl } from '@eye/testing';
import { connectMongo, type MongoLink } from '../connection';
import { COLLECTIONS } from './documents';
import { detectStoreEngine } from './engine';
import { ensureIndexes, INDEXES } from './indexes';

let mongo: MongoLink;

beforeAll(async () => {
  mongo = await connectMongo({ url: testMongoUrl(), appName: 'store-indexes-test' });
});

afterAll(async () => {
  await mongo.db.dropDatabase();
  await mongo.close();
});

const indexes = async (collection: string) =>
  Object.fromEntries((await mongo.db.collection(collection).listIndexes().toArray()).map((index) => [index.name as string, JSON.stringify(index.key)]));

const oldIndexes = async () => {
  // As an earlier version might have left them: `time` on another key, the time key under another name.
  await mongo.db.collection(COLLECTIONS.events).createIndexes([{ name: 'time', key: { ts_us: 1, seq: 1, _id: 1 } }]);
  await mongo.db.collection(COLLECTIONS.events).createIndexes([{ name: 'old_time', key: { valid: 1, ts_us: 1, seq: 1, _id: 1 } }]);
};

it('on an engine that reads with indexes: creates every declared one, replaces one whose definition changed, and can run again', async () => {
  await oldIndexes();
  await ensureIndexes(mongo.db, { secondaryIndexes: true });
  await ensureIndexes(mongo.db, { secondaryIndexes: true });

  for (const [collection, declared] of Object.entries(INDEXES)) {
    const existing = await indexes(collection);
    for (const index of declared) expect([index.name, existing[index.name ?? '']]).toEqual([index.name, JSON.stringify(index.key)]);
  }
  expect(await indexes(COLLECTIONS.events)).not.toHaveProperty('old_time');
});

it('on an engine that scans (FerretDB 1.x): creates none and drops the declared ones it finds', async () => {
  await ensureIndexes(mongo.db, { secondaryIndexes: true });
  await ensureIndexes(mongo.db, { secondaryIndexes: false });
  expect(Object.keys(await indexes(COLLECTIONS.events))).toEqual(['_id_']);
});

it('the engine of this run says which it is, in a database that holds nothing yet', async () => {
  const fresh = await connectMongo({ url: testMongoUrl(), appName: 'store-engine-test' });
  const engine = await detectStoreEngine(fresh.db).finally(() => fresh.close());
  expect(engine.kind === 'mongodb').toBe(engine.secondaryIndexes);
  // FerretDB on SQLite filters only `_id` in its backend; MongoDB and FerretDB on PostgreSQL any equality.
  expect({ database: testMongoDescription(), equalityPushdown: engine.equalityPushdown }).toEqual({
    database: testMongoDescription(),
    equalityPushdown: testMongoDescription() !== 'FerretDB on SQLite',
  });
});
