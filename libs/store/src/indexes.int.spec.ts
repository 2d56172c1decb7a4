import { testMongoUrl } from '@eye/testing';
import { connectMongo, type MongoLink } from './connection';
import { COLLECTIONS } from './documents';
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

it('creates every declared index, replaces one whose definition changed, and can run again', async () => {
  // As an earlier version might have left them: `received` on another key, the time key under another name.
  await mongo.db.collection(COLLECTIONS.events).createIndexes([{ name: 'received', key: { received_at: 1 } }]);
  await mongo.db.collection(COLLECTIONS.events).createIndexes([{ name: 'old_time', key: { ts_us: 1, seq: 1, _id: 1 } }]);

  await ensureIndexes(mongo.db);
  await ensureIndexes(mongo.db);

  for (const [collection, declared] of Object.entries(INDEXES).filter(([, list]) => list.length > 0)) {
    const existing = await indexes(collection);
    for (const index of declared) expect([index.name, existing[index.name ?? '']]).toEqual([index.name, JSON.stringify(index.key)]);
  }
  expect(await indexes(COLLECTIONS.events)).not.toHaveProperty('old_time');
});
