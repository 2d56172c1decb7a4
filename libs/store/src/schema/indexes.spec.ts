import type { IndexDescription } from 'mongodb';
import { eventListFind, invalidEventListFind } from '../read/read-queries';
import { coverageProblem, shapeCoverageProblem } from './index-coverage';
import { conflictingIndexes, INDEXES } from './indexes';
import { allQueryShapes, describeShape, eventListShape, invalidEventListShape, type QueryShape } from './query-shapes';

describe('every query shape the store can issue', () => {
  const shapes = allQueryShapes();

  it('covers every filter combination of both lists, in both orders, with and without a range', () => {
    // 16 filter subsets x 2 orders x 2 for events, 16 x 2 for errors, 2 point reads, the session summary and stats.
    expect(shapes).toHaveLength(16 * 2 * 2 + 16 * 2 + 4);
  });

  it.each(shapes.map((shape) => [describeShape(shape), shape] as const))('is served by its declared index: %s', (_title, shape) => {
    expect(shapeCoverageProblem(shape)).toBeNull();
  });

  it('names only declared indexes, and every declared index is used by some shape', () => {
    const used = new Set(shapes.map((shape) => `${shape.collection}.${shape.index}`));
    for (const [collection, indexes] of Object.entries(INDEXES)) {
      for (const index of indexes) {
        const name = `${collection}.${index.name}`;
        expect({ name, used: used.has(name) }).toEqual({ name, used: true });
      }
    }
  });

  it('reads one collection, and every list carries its kind: valid events or rejected ones', () => {
    expect(Object.keys(INDEXES)).toEqual(['events']);
    for (const shape of shapes.filter((candidate) => candidate.sort.length > 0)) {
      expect(shape.equality.includes('valid') || shape.equality.includes('rejected')).toBe(true);
    }
  });

  it('is the shape of the finds the readers build', () => {
    const events = eventListFind({ filter: { sessionId: 's', name: 'n', toMicros: 5 }, order: 'desc', limit: 10 });
    expect(events.shape).toEqual(eventListShape(['session_id', 'name'], 'desc', true));
    expect(events.sort).toEqual({ ts_us: -1, seq: -1, _id: -1 });
    expect(events.filter).toMatchObject({ session_id: 's', name: 'n', valid: true });
    const errors = invalidEventListFind({ filter: { code: 'too_large', application: 'a' }, limit: 10 });
    expect(errors.shape).toEqual(invalidEventListShape(['codes', 'application'], false));
    expect(errors.sort).toEqual({ received_us: -1, seq: -1, _id: -1 });
    expect(errors.filter).toMatchObject({ codes: 'too_large', application: 'a', rejected: true });
  });
});

describe('coverageProblem (the equality-sort-range rule)', () => {
  const shape: QueryShape = {
    collection: 'events',
    equality: ['session_id'],
    residual: ['name'],
    sort: [['ts_us', 1], ['seq', 1], ['_id', 1]],
    range: ['ts_us'],
    index: 'x',
  };

  it('accepts the equality keys first, then the sort keys, scanned either way', () => {
    expect(coverageProblem(shape, { name: 'x', key: { session_id: 1, ts_us: 1, seq: 1, _id: 1 } })).toBeNull();
    expect(coverageProblem(shape, { name: 'x', key: { session_id: -1, ts_us: -1, seq: -1, _id: -1 } })).toBeNull();
  });

  it('refuses a missing or misplaced equality key', () => {
    expect(coverageProblem(shape, { name: 'x', key: { ts_us: 1, seq: 1, _id: 1 } })).toMatch(/equality on session_id/);
    expect(coverageProblem(shape, { name: 'x', key: { ts_us: 1, session_id: 1, seq: 1, _id: 1 } })).toMatch(/equality on session_id/);
  });

  it('refuses sort keys out of order, missing, or in mixed directions', () => {
    expect(coverageProblem(shape, { name: 'x', key: { session_id: 1, seq: 1, ts_us: 1, _id: 1 } })).toMatch(/sort key ts_us/);
    expect(coverageProblem(shape, { name: 'x', key: { session_id: 1, ts_us: 1, seq: 1 } })).toMatch(/sort key _id/);
    expect(coverageProblem(shape, { name: 'x', key: { session_id: 1, ts_us: 1, seq: -1, _id: 1 } })).toMatch(/mixed directions/);
  });

  it('wants a range on anything but the leading sort key after the sort keys', () => {
    const stats: QueryShape = { ...shape, equality: [], residual: [], sort: [], range: ['received_us'] };
    expect(coverageProblem(stats, { name: 'x', key: { received_us: 1 } })).toBeNull();
    expect(coverageProblem(stats, { name: 'x', key: { category: 1, received_us: 1 } })).toMatch(/range field received_us/);
    const rangeOnSecond: QueryShape = { ...shape, range: ['seq'] };
    expect(coverageProblem(rangeOnSecond, { name: 'x', key: { session_id: 1, ts_us: 1, seq: 1, _id: 1 } })).toMatch(/range field seq/);
  });
});

describe('conflictingIndexes', () => {
  const declared: IndexDescription[] = [
    { name: 'time', key: { ts_us: 1, seq: 1, _id: 1 } },
    { name: 'unique', key: { a: 1 }, unique: true },
  ];

  it('finds a declared name whose key or options changed, and a declared key under an old name', () => {
    expect(
      conflictingIndexes(
        [
          { name: '_id_', key: { _id: 1 } },
          { name: 'time', key: { ts_us: 1, _id: 1 } },
          { name: 'unique', key: { a: 1 } },
          { name: 'old_time', key: { ts_us: 1, seq: 1, _id: 1 } },
          { name: 'someone_elses', key: { b: 1 } },
        ],
        declared,
      ).sort(),
    ).toEqual(['old_time', 'time', 'unique']);
  });

  it('finds nothing when the database matches the declaration', () => {
    expect(conflictingIndexes([{ name: 'time', key: { ts_us: 1, seq: 1, _id: 1 } }, { name: 'unique', key: { a: 1 }, unique: true }], declared)).toEqual([]);
  });
});
