import type { Principal } from '@eye/auth';
import type { EventDocument } from '@eye/store';
import { defaultRegistry, eventTypeFromJsonSchema } from '@eye/validators';
import { DEFAULT_STATS_WINDOW_MS, QueryService, TIMELINE_INTERVAL_MS, type QueryReaders } from './query-service';

const caller: Principal = { applicationId: 'id-1', application: 'mine', scopes: ['query'] };
const event = (application: string): EventDocument => ({ application, event_id: 'e' }) as EventDocument;

function readers(found: Record<string, EventDocument | null>, earliest: EventDocument | null = null): QueryReaders & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    events: {
      listEvents: jest.fn(),
      findEvent: async (application) => {
        calls.push(`find ${application}`);
        return found[application] ?? null;
      },
      findEarliestEvent: async () => {
        calls.push('earliest');
        return earliest;
      },
    },
    sessions: { summary: async () => null },
    invalidEvents: { listInvalidEvents: jest.fn() },
    stats: { receivedStats: async () => ({ valid: 0, invalid: 0, byType: [] }), receivedTimeline: async () => [] },
    eventTypes: { loadRegistry: async () => ({ registry: defaultRegistry(), unusable: [], version: '[]' }) },
  };
}

describe('QueryService.getEvent', () => {
  it('with an application: only that application', async () => {
    const fake = readers({ other: event('other') }, event('earliest'));
    await expect(new QueryService({ readers: fake }).getEvent(caller, 'e', 'other')).resolves.toMatchObject({ application: 'other' });
    await expect(new QueryService({ readers: fake }).getEvent(caller, 'e', 'nobody')).rejects.toMatchObject({ code: 'not_found' });
    expect(fake.calls).toEqual(['find other', 'find nobody']);
  });

  it("without: the caller's own application first", async () => {
    const fake = readers({ mine: event('mine') }, event('earliest'));
    await expect(new QueryService({ readers: fake }).getEvent(caller, 'e')).resolves.toMatchObject({ application: 'mine' });
    expect(fake.calls).toEqual(['find mine']);
  });

  it('without, and none of its own: the earliest received; else not_found', async () => {
    await expect(new QueryService({ readers: readers({}, event('earliest')) }).getEvent(caller, 'e')).resolves.toMatchObject({ application: 'earliest' });
    await expect(new QueryService({ readers: readers({}) }).getEvent(caller, 'e')).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('QueryService.getSession', () => {
  it('is not_found for a session without valid events', async () => {
    await expect(new QueryService({ readers: readers({}) }).getSession('s')).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('QueryService.stats', () => {
  const now = () => 1_700_000_000_000;

  it('defaults to the 24 hours up to now', async () => {
    const { window } = await new QueryService({ readers: readers({}), now }).stats({});
    expect(window).toEqual({ fromMicros: (1_700_000_000_000 - DEFAULT_STATS_WINDOW_MS) * 1000, toMicros: 1_700_000_000_000_000 });
  });

  it('takes the 24 hours before a given end, and a given start up to now', async () => {
    const service = new QueryService({ readers: readers({}), now });
    expect((await service.stats({ toMicros: 100_000_000_000 })).window).toEqual({ fromMicros: 100_000_000_000 - DEFAULT_STATS_WINDOW_MS * 1000, toMicros: 100_000_000_000 });
    expect((await service.stats({ fromMicros: 5 })).window).toEqual({ fromMicros: 5, toMicros: 1_700_000_000_000_000 });
  });
});

describe('QueryService.eventTypes', () => {
  it('lists the built-ins, then the registered types, each with the JSON Schema of its data', async () => {
    const registry = defaultRegistry().register(
      eventTypeFromJsonSchema({ category: 'video', name: 'play', dataSchema: { type: 'object', properties: { position_s: { type: 'number' } }, required: ['position_s'] } }),
    );
    const service = new QueryService({ readers: { ...readers({}), eventTypes: { loadRegistry: async () => ({ registry, unusable: [], version: 'v' }) } } });
    const types = await service.eventTypes();
    expect(types.map(({ category, name, builtIn }) => [category, name, builtIn])).toEqual([
      ['page interaction', 'pageview', true],
      ['page interaction', 'cta click', true],
      ['form interaction', 'submit', true],
      ['video', 'play', false],
    ]);
    expect(types[0]?.schema).toMatchObject({ type: 'object', properties: { host: expect.any(Object), path: expect.any(Object) }, required: ['host', 'path'], additionalProperties: false });
    expect(types[3]?.schema).toMatchObject({ type: 'object', properties: { position_s: { type: 'number' } }, required: ['position_s'] });
  });
});

describe('QueryService.timeline', () => {
  const minute = 60_000_000;
  const base = 29_000_000 * minute;
  const service = (found: { startMicros: number; valid: number; invalid: number }[], asked: unknown[] = []) =>
    new QueryService({
      readers: {
        ...readers({}),
        stats: {
          receivedStats: jest.fn(),
          receivedTimeline: async (window, bucketMs) => {
            asked.push([window, bucketMs]);
            return found;
          },
        },
      },
      now: () => (base + 10 * minute) / 1000,
    });

  it('lists every minute that overlaps the window, the empty ones at zero', async () => {
    const asked: unknown[] = [];
    const from = base + 30_000_000;
    const { window, intervalMs, buckets } = await service([{ startMicros: base + 2 * minute, valid: 3, invalid: 1 }], asked).timeline({ fromMicros: from, toMicros: base + 4 * minute });
    expect([window, intervalMs]).toEqual([{ fromMicros: from, toMicros: base + 4 * minute }, TIMELINE_INTERVAL_MS]);
    expect(asked).toEqual([[{ fromMicros: from, toMicros: base + 4 * minute }, TIMELINE_INTERVAL_MS]]);
    expect(buckets).toEqual([
      { startMicros: base, valid: 0, invalid: 0 },
      { startMicros: base + minute, valid: 0, invalid: 0 },
      { startMicros: base + 2 * minute, valid: 3, invalid: 1 },
      { startMicros: base + 3 * minute, valid: 0, invalid: 0 },
    ]);
  });

  it('defaults like the stats and takes at most 24 hours; an empty window reads nothing', async () => {
    const { window, buckets } = await service([]).timeline({});
    expect(window.toMicros - window.fromMicros).toBe(DEFAULT_STATS_WINDOW_MS * 1000);
    expect(buckets).toHaveLength(24 * 60);
    await expect(service([]).timeline({ fromMicros: base, toMicros: base + 24 * 60 * minute + 1 })).rejects.toMatchObject({ code: 'invalid_query' });
    const asked: unknown[] = [];
    expect((await service([], asked).timeline({ fromMicros: base, toMicros: base })).buckets).toEqual([]);
    expect(asked).toEqual([]);
  });
});
