import { testMongoUrl } from '@eye/testing';
import { validateEventJson } from '@eye/validators';
import { MongoClient, type Db } from 'mongodb';
import { RegisteredEventTypes } from '../event-types/registered-event-types';
import { SessionReader } from '../read/session-reader';
import { StatsReader } from '../read/stats-reader';
import { COLLECTIONS, eventFields, eventKey, type StoredEventDocument } from '../schema/documents';
import { EventWriter } from '../write/event-writer';
import { InvalidEventReplayer } from './invalid-event-replayer';

// Replays against the harness MongoDB-wire database, with events stored as the validator stores them.

const RECEIVED_US = 1_767_225_600_000_000;
const videoSchema = { type: 'object', properties: { video_id: { type: 'string', minLength: 1 } }, required: ['video_id'] };
let nextSeq = 5_000;

function raw(sessionId: string, data: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ session_id: sessionId, category: 'video', name: 'play', data, timestamp: '2026-01-01T00:00:00.000001Z', ...extra });
}

/** What the validator makes of one message received at RECEIVED_US (with only the built-in types). */
function received(rawJson: string, eventId = `e-${nextSeq}`): StoredEventDocument {
  const seq = nextSeq++;
  const base = { _id: eventKey('shop', eventId), application: 'shop', event_id: eventId, received_at: new Date(RECEIVED_US / 1000), received_us: RECEIVED_US, seq };
  const result = validateEventJson(rawJson, { receivedAtMicros: RECEIVED_US, clockSkewMs: 60_000 });
  if (result.valid) return { ...base, ...eventFields(result.event), valid: true };
  const issues = result.issues.map(({ path, code, message }) => ({ path, code, message }));
  const { sessionId, category, name } = result.known;
  return { ...base, session_id: sessionId, category, name, valid: false, rejected: true, issues, codes: [...new Set(issues.map((i) => i.code))], raw_json: rawJson };
}

describe('InvalidEventReplayer', () => {
  let client: MongoClient;
  let db: Db;
  let types: RegisteredEventTypes;

  beforeEach(async () => {
    client = await MongoClient.connect(testMongoUrl(), { ignoreUndefined: true });
    db = client.db();
    types = new RegisteredEventTypes(db);
  });
  afterEach(async () => {
    await db.dropDatabase();
    await client.close();
  });

  async function store(...rawJsons: string[]): Promise<void> {
    await new EventWriter(db).insert(rawJsons.map((text) => received(text)));
  }

  async function replay(filter = {}) {
    const { registry } = await types.loadRegistry();
    return new InvalidEventReplayer(db).replay({ registry, clockSkewMs: 60_000, filter });
  }

  const rejected = () => db.collection<StoredEventDocument>(COLLECTIONS.events).find({ rejected: true }, { sort: { _id: 1 } }).toArray();
  const session = (id: string) => new SessionReader(db, { groupAccumulators: false }).summary(id);

  it('makes events of a newly registered type valid in place, once; they stay among the errors as resolved; a second replay moves nothing', async () => {
    await store(
      raw('s-video', { video_id: 'a' }),
      raw('s-video', { video_id: 'b' }),
      raw('s-video', { video_id: '' }),
      JSON.stringify({ session_id: 's-video', category: 'page interaction', name: 'pageview', data: { host: 'a.example', path: '/' }, timestamp: '2026-01-01T00:00:01Z' }),
    );
    expect((await rejected()).map((doc) => doc.codes)).toEqual([['unknown_event_type'], ['unknown_event_type'], ['unknown_event_type']]);
    expect((await session('s-video'))?.event_count).toBe(1);

    expect(await replay()).toEqual({ examined: 3, resolved: 0, stillInvalid: 3, issuesChanged: 0 });
    await types.register({ category: 'video', name: 'play', dataSchema: videoSchema });

    expect(await replay()).toEqual({ examined: 3, resolved: 2, stillInvalid: 1, issuesChanged: 1 });
    const after = await rejected();
    const resolved = after.filter((doc) => doc.valid);
    // The same documents: same key, sequence and receive time; now valid, with the event's data.
    expect(resolved.map((doc) => (doc.valid ? doc.data : undefined))).toEqual([{ video_id: 'a' }, { video_id: 'b' }]);
    for (const doc of resolved) expect(doc).toMatchObject({ received_us: RECEIVED_US, codes: ['unknown_event_type'], resolved_at: expect.any(Date) });
    const still = after.find((doc) => !doc.valid);
    expect(still?.codes).toEqual(['invalid_format']);
    expect(still?.issues[0]?.path).toBe('data.video_id');
    expect(await session('s-video')).toMatchObject({ event_count: 3, categories: ['page interaction', 'video'] });

    expect(await replay()).toEqual({ examined: 1, resolved: 0, stillInvalid: 1, issuesChanged: 0 });
    expect((await session('s-video'))?.event_count).toBe(3);
    // Stats count a resolved event once, as valid.
    const stats = await new StatsReader(db, { groupAccumulators: false }).receivedStats({ fromMicros: RECEIVED_US, toMicros: RECEIVED_US + 1 });
    expect({ valid: stats.valid, invalid: stats.invalid }).toEqual({ valid: 3, invalid: 1 });
    expect(await db.collection(COLLECTIONS.events).countDocuments()).toBe(4);
  });

  it('two replays at once store each event once', async () => {
    await store(...Array.from({ length: 30 }, (_, index) => raw('s-race', { video_id: `v${index}` })));
    await types.register({ category: 'video', name: 'play', dataSchema: videoSchema });
    const [first, second] = await Promise.all([replay(), replay()]);
    expect(first.resolved + second.resolved).toBeGreaterThanOrEqual(30);
    expect(await replay()).toMatchObject({ examined: 0 });
    expect((await session('s-race'))?.event_count).toBe(30);
    expect(await db.collection(COLLECTIONS.events).countDocuments()).toBe(30);
  });

  it('replays only what the filters select', async () => {
    await store(raw('s-filter', { video_id: 'f' }), raw('s-filter', { video_id: 'g' }, { category: 'audio' }));
    await types.register({ category: 'video', name: 'play', dataSchema: videoSchema });
    await types.register({ category: 'audio', name: 'play', dataSchema: videoSchema });
    expect(await replay({ category: 'audio' })).toEqual({ examined: 1, resolved: 1, stillInvalid: 0, issuesChanged: 0 });
    expect(await replay({ code: 'required' })).toMatchObject({ examined: 0 });
    expect(await replay({ fromMicros: RECEIVED_US + 1 })).toMatchObject({ examined: 0 });
    expect(await replay({ application: 'shop', name: 'play' })).toMatchObject({ examined: 1, resolved: 1 });
  });
});
