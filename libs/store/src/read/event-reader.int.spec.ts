import { testMongoUrl } from '@eye/testing';
import { connectMongo, type MongoLink } from '../connection';
import { BASE_US, eventDocument, invalidDocument } from '../fixtures.test-util';
import type { EventDocument } from '../schema/documents';
import { detectStoreEngine } from '../schema/engine';
import { ensureIndexes } from '../schema/indexes';
import { EventWriter } from '../write/event-writer';
import { InvalidQueryError } from './cursor';
import { EventReader } from './event-reader';
import type { EventListQuery } from './read-queries';

let mongo: MongoLink;
let reader: EventReader;
let writer: EventWriter;

beforeAll(async () => {
  mongo = await connectMongo({ url: testMongoUrl(), appName: 'store-reader-test' });
  const engine = await detectStoreEngine(mongo.db);
  await ensureIndexes(mongo.db, engine);
  // The strategy this engine gets: one query (MongoDB), or minute by minute when bounded (FerretDB).
  reader = new EventReader(mongo.db, engine);
  writer = new EventWriter(mongo.db);
});

afterAll(async () => {
  await mongo.db.dropDatabase();
  await mongo.close();
});

const ids = (events: EventDocument[]) => events.map((event) => event.event_id);

async function allPages(query: Omit<EventListQuery, 'cursor'>, between?: () => Promise<void>): Promise<EventDocument[]> {
  const seen: EventDocument[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 10_000; pages += 1) {
    const page = await reader.listEvents({ ...query, cursor });
    seen.push(...page.items);
    if (page.nextCursor === null) return seen;
    cursor = page.nextCursor;
    await between?.();
  }
  throw new Error('paging did not end');
}

describe('EventReader.listEvents', () => {
  const session = 'order-session';

  beforeAll(async () => {
    // Received in the order a..e; b, c and d share one timestamp, so they keep the order received.
    await writer.insert([
        eventDocument({ eventId: 'c', sessionId: session, tsUs: BASE_US + 10, seq: 1_002 }),
        eventDocument({ eventId: 'a', sessionId: session, tsUs: BASE_US, seq: 1_000 }),
        eventDocument({ eventId: 'b', sessionId: session, tsUs: BASE_US + 10, seq: 1_001, name: 'cta click' }),
        eventDocument({ eventId: 'e', sessionId: session, tsUs: BASE_US + 20, seq: 1_004, application: 'blog' }),
        eventDocument({ eventId: 'd', sessionId: session, tsUs: BASE_US + 10, seq: 1_003 }),
    ]);
  });

  it('lists in time order, ties in the order received; desc reverses the whole order', async () => {
    const asc = await reader.listEvents({ filter: { sessionId: session }, order: 'asc', limit: 100 });
    expect(ids(asc.items)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(asc.nextCursor).toBeNull();
    const desc = await reader.listEvents({ filter: { sessionId: session }, order: 'desc', limit: 100 });
    expect(ids(desc.items)).toEqual(['e', 'd', 'c', 'b', 'a']);
  });

  it('pages through ties without losing or repeating one', async () => {
    for (const order of ['asc', 'desc'] as const) {
      for (const limit of [1, 2, 3]) {
        const all = await allPages({ filter: { sessionId: session }, order, limit });
        expect(ids(all)).toEqual(order === 'asc' ? ['a', 'b', 'c', 'd', 'e'] : ['e', 'd', 'c', 'b', 'a']);
      }
    }
  });

  it('bounds the timestamp with from inclusive and to exclusive', async () => {
    const page = await reader.listEvents({ filter: { sessionId: session, fromMicros: BASE_US + 10, toMicros: BASE_US + 20 }, order: 'asc', limit: 100 });
    expect(ids(page.items)).toEqual(['b', 'c', 'd']);
    const paged = await allPages({ filter: { sessionId: session, fromMicros: BASE_US, toMicros: BASE_US + 11 }, order: 'desc', limit: 2 });
    expect(ids(paged)).toEqual(['d', 'c', 'b', 'a']);
  });

  it('ANDs the filters', async () => {
    const byName = await reader.listEvents({ filter: { sessionId: session, name: 'cta click' }, order: 'asc', limit: 100 });
    expect(ids(byName.items)).toEqual(['b']);
    const byApp = await reader.listEvents({ filter: { sessionId: session, application: 'blog', category: 'page interaction' }, order: 'asc', limit: 100 });
    expect(ids(byApp.items)).toEqual(['e']);
    const none = await reader.listEvents({ filter: { sessionId: session, application: 'blog', name: 'cta click' }, order: 'asc', limit: 100 });
    expect(none).toEqual({ items: [], nextCursor: null });
  });

  it('refuses a cursor issued for another query', async () => {
    const page = await reader.listEvents({ filter: { sessionId: session }, order: 'asc', limit: 1 });
    expect(page.nextCursor).not.toBeNull();
    await expect(reader.listEvents({ filter: { sessionId: session }, order: 'desc', limit: 1, cursor: page.nextCursor ?? '' })).rejects.toThrow(InvalidQueryError);
    await expect(reader.listEvents({ filter: {}, order: 'asc', limit: 1, cursor: page.nextCursor ?? '' })).rejects.toThrow(InvalidQueryError);
  });

  it('returns every event that matched when paging began exactly once while new ones arrive', async () => {
    const app = 'paging-app';
    const initial = Array.from({ length: 300 }, (_, index) => eventDocument({ application: app, eventId: `p-${index}`, tsUs: BASE_US + (index % 40) }));
    await writer.insert(initial);
    let arrivals = 0;
    const seen = await allPages({ filter: { application: app }, order: 'asc', limit: 7 }, async () => {
      // Late events land before, at and after the paging position.
      arrivals += 1;
      await writer.insert([eventDocument({ application: app, eventId: `late-${arrivals}`, tsUs: BASE_US + ((arrivals * 7) % 50) })]);
    });
    const seenIds = ids(seen);
    expect(new Set(seenIds).size).toBe(seenIds.length);
    for (const event of initial) expect(seenIds).toContain(event.event_id);
    const keys = seen.map((event) => [event.ts_us, event.seq] as const);
    for (let index = 1; index < keys.length; index += 1) {
      const [previous, current] = [keys[index - 1], keys[index]];
      expect(current[0] > previous[0] || (current[0] === previous[0] && current[1] > previous[1])).toBe(true);
    }
  });
});

describe('EventReader minute by minute (what a scanning engine gets)', () => {
  const app = 'minutes-app';
  const minute = 60 * 1e6;
  // Events over five minutes, several sharing a timestamp, received out of order.
  const start = Math.floor(BASE_US / minute) * minute;
  const events = Array.from({ length: 60 }, (_, index) =>
    eventDocument({ application: app, eventId: `m-${index}`, sessionId: 'minutes', tsUs: start + Math.floor(((index * 7) % 60) / 2) * 10 * 1e6 + (index % 3) }),
  );

  beforeAll(async () => {
    await writer.insert(events);
  });

  const strategies = () => ({ oneQuery: new EventReader(mongo.db, { secondaryIndexes: true, equalityPushdown: true }), byMinute: new EventReader(mongo.db, { secondaryIndexes: false, equalityPushdown: true }) });

  async function pages(subject: EventReader, query: Omit<EventListQuery, 'cursor'>): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await subject.listEvents({ ...query, cursor });
      seen.push(...ids(page.items));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return seen;
  }

  it.each([
    ['asc', { fromMicros: start }],
    ['desc', { fromMicros: start }],
    ['desc', { fromMicros: start + 90 * 1e6, toMicros: start + 4 * minute }],
    ['asc', { fromMicros: start + minute, toMicros: start + minute + 1 }],
    // Newest first without a lower bound: the newest minutes, then the rest in one query.
    ['desc', {}],
    ['desc', { toMicros: start + 3 * minute }],
  ] as const)('pages %s over %j exactly as one query does', async (order, window) => {
    const { oneQuery, byMinute } = strategies();
    for (const limit of [1, 4, 25, 100]) {
      const query = { filter: { application: app, ...window }, order, limit };
      const expected = await pages(oneQuery, query);
      expect({ limit, pages: await pages(byMinute, query) }).toEqual({ limit, pages: expected });
    }
    expect((await pages(oneQuery, { filter: { application: app, fromMicros: start }, order: 'asc', limit: 100 })).length).toBe(60);
  });

  it('newest first without a lower bound finds recent events in the newest minutes, and older ones after them', async () => {
    const { oneQuery, byMinute } = strategies();
    const now = Date.now() * 1000;
    await writer.insert([0, 1, 2, 30].map((minutesAgo) => eventDocument({ application: 'recent-app', eventId: `r-${minutesAgo}`, tsUs: now - minutesAgo * minute })));
    for (const limit of [1, 2, 3, 10]) {
      const query = { filter: { application: 'recent-app' }, order: 'desc' as const, limit };
      expect({ limit, pages: await pages(byMinute, query) }).toEqual({ limit, pages: await pages(oneQuery, query) });
    }
    expect(await pages(byMinute, { filter: { application: 'recent-app' }, order: 'desc', limit: 100 })).toEqual(['r-0', 'r-1', 'r-2', 'r-30']);
  });

  it('reads no minute outside the span: a window without events in it is empty', async () => {
    const { byMinute } = strategies();
    expect(await byMinute.listEvents({ filter: { application: app, fromMicros: start + 10 * minute, toMicros: start + 20 * minute }, order: 'desc', limit: 10 })).toEqual({ items: [], nextCursor: null });
  });
});

describe('EventReader single reads', () => {
  beforeAll(async () => {
    await writer.insert([
        eventDocument({ application: 'late-app', eventId: 'shared', receivedUs: 2_000_000_000_000_000, sessionId: 'summary', tsUs: BASE_US }),
        eventDocument({ application: 'early-app', eventId: 'shared', receivedUs: 1_000_000_000_000_000, sessionId: 'summary', tsUs: BASE_US - 5 }),
        eventDocument({ application: 'late-app', eventId: 'mine', sessionId: 'summary', category: 'form interaction', name: 'submit', tsUs: BASE_US + 99 }),
    ]);
  });

  it('finds one application event by id; never an invalid one', async () => {
    expect(await reader.findEvent('late-app', 'shared')).toMatchObject({ application: 'late-app', event_id: 'shared' });
    expect(await reader.findEvent('nobody', 'shared')).toBeNull();
    await writer.insert([invalidDocument({ application: 'late-app', eventId: 'broken' })]);
    expect(await reader.findEvent('late-app', 'broken')).toBeNull();
    expect(await reader.findEarliestEvent('broken')).toBeNull();
  });

  it('lists only valid events', async () => {
    await writer.insert([invalidDocument({ application: 'mixed-app', sessionId: 'mixed' }), eventDocument({ application: 'mixed-app', sessionId: 'mixed', eventId: 'ok' })]);
    expect(ids((await reader.listEvents({ filter: { sessionId: 'mixed' }, order: 'asc', limit: 10 })).items)).toEqual(['ok']);
    expect(ids((await reader.listEvents({ filter: { application: 'mixed-app' }, order: 'desc', limit: 10 })).items)).toEqual(['ok']);
  });

  it('finds the earliest received event with an id', async () => {
    expect(await reader.findEarliestEvent('shared')).toMatchObject({ application: 'early-app' });
    expect(await reader.findEarliestEvent('missing')).toBeNull();
  });

  it('never passes a request value on as an operator', async () => {
    await expect(reader.findEarliestEvent({ $exists: true } as unknown as string)).rejects.toThrow(InvalidQueryError);
    await expect(reader.findEvent('shop', { $gt: '' } as unknown as string)).rejects.toThrow(InvalidQueryError);
  });
});
