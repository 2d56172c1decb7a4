import fc from 'fast-check';
import { decodeCursor, type CursorKey } from './cursor';
import { comesAfter, keysetFilter, toPage } from './keyset';

const FIELDS = ['ts_us', 'seq', '_id'] as const;

describe('keysetFilter', () => {
  it('bounds only the window when there is no cursor', () => {
    expect(keysetFilter(FIELDS, {}, undefined, 1)).toEqual({});
    expect(keysetFilter(FIELDS, { fromMicros: 10, toMicros: 20 }, undefined, 1)).toEqual({ ts_us: { $gte: 10, $lt: 20 } });
  });

  it('ascending: starts at the cursor, excluding what shares its time but came before', () => {
    expect(keysetFilter(FIELDS, { fromMicros: 10, toMicros: 20 }, [15, 7, 'a/x'], 1)).toEqual({
      ts_us: { $gte: 15, $lt: 20 },
      $nor: [
        { ts_us: 15, seq: { $lt: 7 } },
        { ts_us: 15, seq: 7, _id: { $lte: 'a/x' } },
      ],
    });
  });

  it('descending: ends at the cursor, excluding what shares its time but came after', () => {
    expect(keysetFilter(FIELDS, { fromMicros: 10 }, [15, 7, 'a/x'], -1)).toEqual({
      ts_us: { $gte: 10, $lte: 15 },
      $nor: [
        { ts_us: 15, seq: { $gt: 7 } },
        { ts_us: 15, seq: 7, _id: { $gte: 'a/x' } },
      ],
    });
  });
});

describe('comesAfter', () => {
  const key = fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }), fc.constantFrom('a', 'b', 'c'));

  it('is a strict total order, reversed by the direction', () => {
    fc.assert(
      fc.property(key, key, (a, b) => {
        const forward = comesAfter(a, b, 1);
        const backward = comesAfter(a, b, -1);
        const equal = a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
        expect(forward && backward).toBe(false);
        expect(forward || backward).toBe(!equal);
        expect(comesAfter(b, a, 1)).toBe(backward);
      }),
    );
  });
});

describe('toPage', () => {
  const keyOf = (n: number): CursorKey => [n, n, `id-${n}`];

  it('returns a cursor only when more documents were fetched than the limit', () => {
    expect(toPage([1, 2, 3], { limit: 3, keyOf, fingerprint: 'f' })).toEqual({ items: [1, 2, 3], nextCursor: null });
    const page = toPage([1, 2, 3, 4], { limit: 3, keyOf, fingerprint: 'f' });
    expect(page.items).toEqual([1, 2, 3]);
    expect(decodeCursor(page.nextCursor ?? '', 'f')).toEqual([3, 3, 'id-3']);
  });

  it('ends a page early at the byte budget, never before its first item', () => {
    const sized = { limit: 10, keyOf, fingerprint: 'f', maxBytes: 25, sizeOf: () => 10 };
    const page = toPage([1, 2, 3, 4], sized);
    expect(page.items).toEqual([1, 2]);
    expect(decodeCursor(page.nextCursor ?? '', 'f')).toEqual([2, 2, 'id-2']);
    expect(toPage([1, 2], { ...sized, maxBytes: 5 }).items).toEqual([1]);
    expect(toPage([1], { ...sized, maxBytes: 5 })).toEqual({ items: [1], nextCursor: null });
  });
});
