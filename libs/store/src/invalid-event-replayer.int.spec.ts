import { testMongoUrl } from '@eye/testing';
import { validateEventJson } from '@eye/validators';
import { MongoClient, type Db } from 'mongodb';
import { COLLECTIONS, eventKey, type EventDocument, type InvalidEventDocument, type SessionDocument } from './documents';
import { validEventDocument } from './event-documents';
import { EventWriter } from './event-writer';
import { InvalidEventReplayer, type ReplayableInvalidEvent } from './invalid-event-replayer';
import { isEventTypeChangeError, RegisteredEventTypes } from './registered-event-types';
import { StatsReader } from './stats-reader';

// Replays against the harness MongoDB-wire database, with invalid events stored as the validator stores them.

const RECEIVED_US = 1_767_225_600_000_000;
const videoSchema = { type: 'object', properties: { video_id: { type: 'string', minLength: 1 } }, required: ['video_id'] };
let nextSeq = 5_000;

function raw(sessionId: string, data: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ session_id: sessionId, category: 'video', name: 'play', data, timestamp: '2026-01-01T00:00:00.000001Z', ...extra });
}

/** What the validator makes of one message received at RECEIVED_US (with only the built-in types). */
function received(rawJson: string, eventId = `e-${nextSeq}`): { valid: EventDocument[]; invalid: InvalidEventDocument[] } {
  const seq = nextSeq++;
  const base = { _id: eventKey('shop', eventId), application: 'shop', event_id: eventId, received_at: new Date(RECEIVED_US / 1000), received_us: RECEIVED_US, seq };
  const result = validateEventJson(rawJson, { receivedAtMicros: RECEIVED_US, clockSkewMs: 60_000 });
  if (result.valid) return { valid: [validEventDocument(base, result.event)], invalid: [] };
  const issues = result.issues.map(({ path, code, message }) => ({ path, code, message }));
  return { valid: [], invalid: [{ ...base, ...result.known, session_id: result.known.sessionId, issues, codes: [...new Set(issues.map((i) => i.code))], raw_json: rawJson }] };
}

describe('InvalidEventReplayer', () => {
  let client: MongoClient;
  let db: Db;
  let types: RegisteredEventTypes;

  beforeEach(async () => {
    client = await MongoClient.connect(testMongoUrl());
    db = client.db();
    types = new RegisteredEventTypes(db);
  });
  afterEach(() => client.close());

  async function store(...rawJsons: string[]): Promise<void> {
    const batches = rawJsons.map((text) => received(text));
    await new EventWriter(db).writeBatch(batches.flatMap((b) => b.valid), batches.flatMap((b) => b.invalid));
  }

  async function replay(filter = {}) {
    const { registry } = await types.loadRegistry();
    return new InvalidEventReplayer(db).replay({ registry, clockSkewMs: 60_000, filter });
  }

  const invalidEvents = () => db.collection<ReplayableInvalidEvent>(COLLECTIONS.invalidEvents).find({}, { sort: { _id: 1 } }).toArray();
  const session = (id: string) => db.collection<SessionDocument>(COLLECTIONS.sessions).findOne({ _id: id });

  it('stores events of a newly registered type once, counts them once, marks them resolved; a second replay moves nothing', async () => {
    await store(
      raw('s-video', { video_id: 'a' }),
      raw('s-video', { video_id: 'b' }),
      raw('s-video', { video_id: '' }),
      JSON.stringify({ session_id: 's-video', category: 'page interaction', name: 'pageview', data: { host: 'a.example', path: '/' }, timestamp: '2026-01-01T00:00:01Z' }),
    );
    expect((await invalidEvents()).map((doc) => doc.codes)).toEqual([['unknown_event_type'], ['unknown_event_type'], ['unknown_event_type']]);
    expect((await session('s-video'))?.event_count).toBe(1);

    expect(await replay()).toEqual({ examined: 3, resolved: 0, stillInvalid: 3, issuesChanged: 0 });
    await types.register({ category: 'video', name: 'play', dataSchema: videoSchema });

    expect(await replay()).toEqual({ examined: 3, resolved: 2, stillInvalid: 1, issuesChanged: 1 });
    const events = await db.collection<EventDocument>(COLLECTIONS.events).find({ session_id: 's-video', category: 'video' }, { sort: { seq: 1 } }).toArray();
    const invalid = await invalidEvents();
    expect(events.map((event) => event.data)).toEqual([{ video_id: 'a' }, { video_id: 'b' }]);
    // Same key, sequence and receive time as the invalid record it came from.
    for (const event of events) {
      const source = invalid.find((doc) => doc._id === event._id);
      expect(source).toMatchObject({ seq: event.seq, received_us: event.received_us, resolved_as_valid: true });
      expect(source?.resolved_at).toBeInstanceOf(Date);
    }
    const still = invalid.find((doc) => doc.resolved_at === undefined);
    expect(still?.codes).toEqual(['invalid_format']);
    expect(still?.issues[0]?.path).toBe('data.video_id');
    expect(await session('s-video')).toMatchObject({ event_count: 3, categories: ['page interaction', 'video'] });

    expect(await replay()).toEqual({ examined: 1, resolved: 0, stillInvalid: 1, issuesChanged: 0 });
    expect((await session('s-video'))?.event_count).toBe(3);
    // Stats count a resolved event once, as valid.
    const stats = await new StatsReader(db).receivedStats({ fromMicros: RECEIVED_US, toMicros: RECEIVED_US + 1 });
    expect({ valid: stats.valid, invalid: stats.invalid }).toEqual({ valid: 3, invalid: 1 });
  });

  it('after a replay stopped half-way (event stored, not counted or marked), a rerun finishes it without a second count', async () => {
    await store(raw('s-crash', { video_id: 'x' }), raw('s-crash', { video_id: 'y' }));
    await types.register({ category: 'video', name: 'play', dataSchema: videoSchema });
    const [first] = await invalidEvents();
    // What a replay that died after its insert left behind.
    const { registry } = await types.loadRegistry();
    const result = validateEventJson(first.raw_json, { receivedAtMicros: first.received_us, clockSkewMs: 60_000, registry });
    if (!result.valid) throw new Error('expected valid');
    await db.collection<EventDocument>(COLLECTIONS.events).insertOne(validEventDocument(first, result.event));
    // ...and the type was removed before the rerun: the stored event is still finished.
    await types.remove('video', 'play');

    expect(await replay()).toMatchObject({ resolved: 1, stillInvalid: 1 });
    await types.register({ category: 'video', name: 'play', dataSchema: videoSchema });
    expect(await replay()).toMatchObject({ resolved: 1, stillInvalid: 0 });
    expect(await replay()).toMatchObject({ examined: 0, resolved: 0 });
    expect((await session('s-crash'))?.event_count).toBe(2);
    expect(await db.collection(COLLECTIONS.events).countDocuments({ session_id: 's-crash' })).toBe(2);
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

describe('RegisteredEventTypes', () => {
  let client: MongoClient;
  let types: RegisteredEventTypes;

  beforeEach(async () => {
    client = await MongoClient.connect(testMongoUrl());
    types = new RegisteredEventTypes(client.db());
  });
  afterEach(() => client.close());

  async function refusal(action: () => Promise<unknown>): Promise<string> {
    try {
      await action();
    } catch (error) {
      if (isEventTypeChangeError(error)) return error.code;
      throw error;
    }
    return 'accepted';
  }

  it('registers, lists (strict schema stored), replaces only when asked, removes', async () => {
    await types.register({ category: 'video', name: 'play', dataSchema: videoSchema, description: 'A video started.' });
    expect(await types.list()).toEqual([
      expect.objectContaining({ category: 'video', name: 'play', description: 'A video started.', dataSchema: { ...videoSchema, additionalProperties: false } }),
    ]);
    expect(await refusal(() => types.register({ category: 'video', name: 'play', dataSchema: videoSchema }))).toBe('exists');
    const replaced = await types.register({ category: 'video', name: 'play', dataSchema: { type: 'object' }, replace: true });
    expect(replaced.updatedAt).toBeInstanceOf(Date);
    expect((await types.loadRegistry()).registry.get('video', 'play')?.data.shape).toEqual({});
    await types.remove('video', 'play');
    expect(await types.list()).toEqual([]);
    expect(await refusal(() => types.remove('video', 'play'))).toBe('not_found');
  });

  it('refuses built-in types and unusable schemas', async () => {
    expect(await refusal(() => types.register({ category: 'page interaction', name: 'pageview', dataSchema: { type: 'object' } }))).toBe('built_in');
    expect(await refusal(() => types.remove('form interaction', 'submit'))).toBe('built_in');
    expect(await refusal(() => types.register({ category: 'c', name: 'n', dataSchema: { type: 'object', additionalProperties: true } }))).toBe('invalid_schema');
  });

  it('loads built-ins plus registered types, leaving out (and naming) stored schemas that no longer convert', async () => {
    await types.register({ category: 'video', name: 'play', dataSchema: videoSchema });
    await client.db().collection('event_types').insertOne({ _id: 'bad' as never, category: 'bad', name: 'type', data_schema_json: '{"type":"string"}', registered_at: new Date() });
    const { registry, unusable } = await types.loadRegistry();
    expect(registry.list().map((type) => `${type.category}/${type.name}`)).toEqual([
      'page interaction/pageview',
      'page interaction/cta click',
      'form interaction/submit',
      'video/play',
    ]);
    expect(unusable).toEqual([{ category: 'bad', name: 'type', reason: expect.stringMatching(/"type": "object"/) }]);
  });
});
