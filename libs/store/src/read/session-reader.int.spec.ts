import { testMongoFlavor, testMongoUrl } from '@eye/testing';
import { connectMongo, type MongoLink } from '../connection';
import { BASE_US, eventDocument, invalidDocument } from '../fixtures.test-util';
import { detectStoreEngine, type StoreEngine } from '../schema/engine';
import { EventWriter } from '../write/event-writer';
import { InvalidQueryError } from './cursor';
import { SessionReader } from './session-reader';

let mongo: MongoLink;
let engine: StoreEngine;

beforeAll(async () => {
  mongo = await connectMongo({ url: testMongoUrl(), appName: 'store-session-test' });
  engine = await detectStoreEngine(mongo.db);
  await new EventWriter(mongo.db).insert([
    eventDocument({ application: 'late-app', eventId: 'a', sessionId: 'summary', tsUs: BASE_US }),
    eventDocument({ application: 'early-app', eventId: 'a', sessionId: 'summary', tsUs: BASE_US - 5 }),
    eventDocument({ application: 'late-app', eventId: 'b', sessionId: 'summary', category: 'form interaction', name: 'submit', tsUs: BASE_US + 99 }),
    // Invalid events never count, even with a session id.
    invalidDocument({ application: 'other-app', sessionId: 'summary', category: 'x', name: 'y' }),
    invalidDocument({ application: 'other-app', sessionId: 'only-invalid' }),
  ]);
});

afterAll(async () => {
  await mongo.db.dropDatabase();
  await mongo.close();
});

describe('SessionReader', () => {
  it('detects what the engine can aggregate', () => {
    // FerretDB 1.x has no $min/$max/$addToSet; MongoDB has them.
    expect(engine.groupAccumulators).toBe(testMongoFlavor() === 'mongodb');
  });

  // The strategy this engine runs, and the projected read (which every engine can run).
  const strategies = () => [
    ['the strategy detected for this engine', new SessionReader(mongo.db, engine)],
    ['the projected read', new SessionReader(mongo.db, { groupAccumulators: false })],
  ] as const;

  it('summarizes a session over its valid events, with either strategy', async () => {
    for (const [strategy, reader] of strategies()) {
      expect({ strategy, summary: await reader.summary('summary') }).toEqual({
        strategy,
        summary: {
          session_id: 'summary',
          first_us: BASE_US - 5,
          last_us: BASE_US + 99,
          event_count: 3,
          categories: ['form interaction', 'page interaction'],
          applications: ['early-app', 'late-app'],
        },
      });
    }
  });

  it('has no summary for a session without valid events', async () => {
    for (const [, reader] of strategies()) {
      expect(await reader.summary('only-invalid')).toBeNull();
      expect(await reader.summary('no-such-session')).toBeNull();
    }
  });

  it('never passes a request value on as an operator', async () => {
    await expect(new SessionReader(mongo.db, engine).summary({ $ne: 'x' } as unknown as string)).rejects.toThrow(InvalidQueryError);
  });
});
