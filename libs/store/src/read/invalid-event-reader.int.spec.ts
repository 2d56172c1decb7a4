import { testMongoUrl } from '@eye/testing';
import { connectMongo, type MongoLink } from '../connection';
import { eventDocument, invalidDocument } from '../fixtures.test-util';
import { COLLECTIONS, type RejectedEventDocument, type StoredEventDocument } from '../schema/documents';
import { detectStoreEngine } from '../schema/engine';
import { ensureIndexes } from '../schema/indexes';
import { EventWriter } from '../write/event-writer';
import { InvalidEventReader } from './invalid-event-reader';
import { StatsReader } from './stats-reader';

let mongo: MongoLink;
let reader: InvalidEventReader;
let stats: StatsReader;
const T0 = 1_767_225_600_000_000;

beforeAll(async () => {
  mongo = await connectMongo({ url: testMongoUrl(), appName: 'store-invalid-reader-test' });
  const engine = await detectStoreEngine(mongo.db);
  await ensureIndexes(mongo.db, engine);
  reader = new InvalidEventReader(mongo.db, engine);
  stats = new StatsReader(mongo.db, engine);
  await new EventWriter(mongo.db).insert([
    eventDocument({ receivedUs: T0, category: 'page interaction', name: 'pageview' }),
    eventDocument({ receivedUs: T0 + 1, category: 'page interaction', name: 'pageview' }),
    eventDocument({ receivedUs: T0 + 2, category: 'page interaction', name: 'cta click' }),
    eventDocument({ receivedUs: T0 + 10, category: 'page interaction', name: 'pageview' }),
    invalidDocument({ eventId: 'i1', receivedUs: T0, seq: 50, codes: ['required'], category: 'page interaction', name: 'pageview' }),
    invalidDocument({ eventId: 'i2', receivedUs: T0 + 5, seq: 51, codes: ['future_timestamp', 'required'], category: 'x', name: 'y' }),
    invalidDocument({ eventId: 'i3', receivedUs: T0 + 5, seq: 52, codes: ['too_large'] }),
    invalidDocument({ eventId: 'i4', receivedUs: T0 + 9, seq: 53, codes: ['unknown_event_type'], application: 'blog', category: 'x', name: 'y' }),
  ]);
});

afterAll(async () => {
  await mongo.db.dropDatabase();
  await mongo.close();
});

const ids = (events: RejectedEventDocument[]) => events.map((event) => event.event_id);

describe('InvalidEventReader', () => {
  it('lists newest first; the same received time in reverse order received', async () => {
    const page = await reader.listInvalidEvents({ filter: {}, limit: 100 });
    expect(ids(page.items)).toEqual(['i4', 'i3', 'i2', 'i1']);
    expect(page.items[0]).toMatchObject({ application: 'blog', codes: ['unknown_event_type'], raw_json: '{"category":"x","name":"y"}' });
  });

  it('pages without losing or repeating one', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await reader.listInvalidEvents({ filter: {}, limit: 1, cursor });
      seen.push(...ids(page.items));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['i4', 'i3', 'i2', 'i1']);
  });

  it('filters by issue code, type and application; from inclusive, to exclusive on received time', async () => {
    expect(ids((await reader.listInvalidEvents({ filter: { code: 'required' }, limit: 10 })).items)).toEqual(['i2', 'i1']);
    expect(ids((await reader.listInvalidEvents({ filter: { category: 'x', name: 'y', application: 'shop' }, limit: 10 })).items)).toEqual(['i2']);
    expect(ids((await reader.listInvalidEvents({ filter: { fromMicros: T0 + 5, toMicros: T0 + 9 }, limit: 10 })).items)).toEqual(['i3', 'i2']);
  });
});

describe('InvalidEventReader minute by minute (what a scanning engine gets)', () => {
  it('pages newest first over a received window exactly as one query does', async () => {
    const oneQuery = new InvalidEventReader(mongo.db, { secondaryIndexes: true, equalityPushdown: true });
    const byMinute = new InvalidEventReader(mongo.db, { secondaryIndexes: false, equalityPushdown: true });
    const base = Math.floor(Date.now() / 60_000) * 60_000_000 - 5 * 60_000_000;
    await new EventWriter(mongo.db).insert(
      Array.from({ length: 30 }, (_, index) => invalidDocument({ application: 'minutes', eventId: `mi-${index}`, receivedUs: base + ((index * 11) % 30) * 10_000_000 })),
    );
    for (const [limit, fromMicros] of [[1, base], [7, base], [50, base], [7, undefined], [50, undefined]] as const) {
      const all = async (subject: InvalidEventReader) => {
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await subject.listInvalidEvents({ filter: { application: 'minutes', fromMicros }, limit, cursor });
          seen.push(...ids(page.items));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        return seen;
      };
      const expected = await all(oneQuery);
      expect(expected).toHaveLength(30);
      expect({ limit, fromMicros, seen: await all(byMinute) }).toEqual({ limit, fromMicros, seen: expected });
    }
  });
});

describe('StatsReader', () => {
  it('counts valid and invalid events by type over a received-time window', async () => {
    expect(await stats.receivedStats({ fromMicros: T0, toMicros: T0 + 10 })).toEqual({
      valid: 3,
      invalid: 4,
      byType: [
        { category: 'page interaction', name: 'cta click', valid: 1, invalid: 0 },
        { category: 'page interaction', name: 'pageview', valid: 2, invalid: 1 },
        { category: 'x', name: 'y', valid: 0, invalid: 2 },
      ],
    });
    expect(await stats.receivedStats({ fromMicros: T0 + 100, toMicros: T0 + 200 })).toEqual({ valid: 0, invalid: 0, byType: [] });
  });
});

describe('StatsReader.receivedTimeline', () => {
  it('counts valid and invalid events per bucket of received time, with every strategy this engine runs', async () => {
    // The projected read runs everywhere; the aggregation only where $group takes expressions.
    const strategies = (await detectStoreEngine(mongo.db)).groupAccumulators ? [true, false] : [false];
    for (const groupAccumulators of strategies) {
      const reader = new StatsReader(mongo.db, { groupAccumulators });
      // Buckets of 1 s: T0 is a whole second, and everything up to T0 + 10 µs falls in its bucket.
      expect(await reader.receivedTimeline({ fromMicros: T0, toMicros: T0 + 11 }, 1_000)).toEqual([{ startMicros: T0, valid: 4, invalid: 4 }]);
      // Buckets of 5 µs would be below the 1 s floor: still one bucket.
      expect(await reader.receivedTimeline({ fromMicros: T0 + 5, toMicros: T0 + 11 }, 0.005)).toEqual([{ startMicros: T0, valid: 1, invalid: 3 }]);
      expect(await reader.receivedTimeline({ fromMicros: T0 + 100, toMicros: T0 + 200 }, 60_000)).toEqual([]);
    }
  });
});

describe('an invalid event a replay resolved', () => {
  it('stays in the errors list, and counts once, as valid', async () => {
    const resolvedUs = T0 + 1_000;
    await new EventWriter(mongo.db).insert([invalidDocument({ eventId: 'r1', receivedUs: resolvedUs, codes: ['unknown_event_type'], category: 'video', name: 'play' })]);
    // What a replay does to it: the event's fields, valid, resolved_at; issues and raw text kept.
    await mongo.db.collection<StoredEventDocument>(COLLECTIONS.events).updateOne(
      { _id: 'shop/r1' },
      { $set: { valid: true, session_id: 's', data: {}, ts_us: resolvedUs, timestamp: new Date(resolvedUs / 1000), resolved_at: new Date() } },
    );
    const page = await reader.listInvalidEvents({ filter: { fromMicros: resolvedUs, toMicros: resolvedUs + 1 }, limit: 10 });
    expect(page.items).toEqual([expect.objectContaining({ event_id: 'r1', valid: true, codes: ['unknown_event_type'], resolved_at: expect.any(Date) })]);
    expect(await stats.receivedStats({ fromMicros: resolvedUs, toMicros: resolvedUs + 1 })).toEqual({
      valid: 1,
      invalid: 0,
      byType: [{ category: 'video', name: 'play', valid: 1, invalid: 0 }],
    });
  });
});
