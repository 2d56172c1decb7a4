import { decodeCursor, encodeCursor, InvalidQueryError, isInvalidQueryError, queryFingerprint } from './cursor';

describe('cursors', () => {
  const fingerprint = queryFingerprint({ list: 'events', session_id: 's1', order: 'asc' });

  it('round-trip the key for the query that issued them, as opaque base64url', () => {
    const cursor = encodeCursor([1_609_492_527_243_860, 42, 'app/id-1'], fingerprint);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, fingerprint)).toEqual([1_609_492_527_243_860, 42, 'app/id-1']);
  });

  it('are refused by another query', () => {
    const cursor = encodeCursor([1, 2, 'a/b'], fingerprint);
    const other = queryFingerprint({ list: 'events', session_id: 's1', order: 'desc' });
    expect(() => decodeCursor(cursor, other)).toThrow(/other filters or another order/);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc+/='],
    ['not JSON', Buffer.from('nope').toString('base64url')],
    ['JSON of another shape', Buffer.from(JSON.stringify({ v: 1, q: 'x', k: [1, 2] })).toString('base64url')],
    ['an operator in the key', Buffer.from(JSON.stringify({ v: 1, q: 'x', k: [{ $gt: 0 }, 2, 'a'] })).toString('base64url')],
    ['a fractional key', Buffer.from(JSON.stringify({ v: 1, q: 'x', k: [1.5, 2, 'a'] })).toString('base64url')],
    ['extra fields', Buffer.from(JSON.stringify({ v: 1, q: 'x', k: [1, 2, 'a'], x: 1 })).toString('base64url')],
    ['another version', Buffer.from(JSON.stringify({ v: 2, q: 'x', k: [1, 2, 'a'] })).toString('base64url')],
    ['too long', 'a'.repeat(5_000)],
  ])('are refused when %s', (_case, cursor) => {
    let thrown: unknown;
    try {
      decodeCursor(cursor, 'x');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidQueryError);
    expect(isInvalidQueryError(thrown)).toBe(true);
    expect(thrown).toMatchObject({ code: 'invalid_query', name: 'InvalidQueryError', parameter: 'cursor', details: [{ path: 'cursor', message: expect.any(String) }] });
  });
});

describe('queryFingerprint', () => {
  it('ignores key order and treats undefined like absent', () => {
    expect(queryFingerprint({ a: 1, b: 'x', c: undefined })).toBe(queryFingerprint({ b: 'x', a: 1, c: undefined }));
    expect(queryFingerprint({ a: 1 })).not.toBe(queryFingerprint({ a: 2 }));
  });
});
