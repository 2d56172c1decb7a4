import { decodeCursor, encodeCursor, InvalidQueryError } from './cursor';
import { eventListFind, invalidEventListFind, receivedWindowMatch } from './read-queries';

describe('eventListFind', () => {
  it('filters by equality on the given fields only, in time order, fetching one extra', () => {
    const find = eventListFind({ filter: { category: 'page interaction', name: 'pageview' }, order: 'asc', limit: 7 });
    expect(find.filter).toEqual({ category: 'page interaction', name: 'pageview', valid: true });
    expect(find.sort).toEqual({ ts_us: 1, seq: 1, _id: 1 });
    expect(find.limit).toBe(8);
    expect(find.shape.index).toBe('name_time');
  });

  it('bounds the timestamp: from inclusive, to exclusive', () => {
    const find = eventListFind({ filter: { fromMicros: 100, toMicros: 200 }, order: 'desc', limit: 1 });
    expect(find.filter).toEqual({ valid: true, ts_us: { $gte: 100, $lt: 200 } });
    expect(find.shape.index).toBe('time');
  });

  it('never turns a value into an operator', () => {
    const filter = { sessionId: { $ne: 'x' } as unknown as string };
    expect(() => eventListFind({ filter, order: 'asc', limit: 1 })).toThrow(InvalidQueryError);
  });

  it.each([0, 1_001, 1.5, Number.NaN])('refuses limit %p', (limit) => {
    expect(() => eventListFind({ filter: {}, order: 'asc', limit })).toThrow(/limit must be an integer from 1 to 1000/);
  });

  it('binds cursors to the filters and order, not to the limit', () => {
    const first = eventListFind({ filter: { sessionId: 's' }, order: 'asc', limit: 1 });
    const cursor = encodeCursor([5, 1, 'a/1'], first.fingerprint);
    expect(eventListFind({ filter: { sessionId: 's' }, order: 'asc', limit: 50, cursor }).filter).toMatchObject({ session_id: 's', ts_us: { $gte: 5 } });
    expect(() => eventListFind({ filter: { sessionId: 's' }, order: 'desc', limit: 1, cursor })).toThrow(InvalidQueryError);
    expect(() => eventListFind({ filter: { sessionId: 't' }, order: 'asc', limit: 1, cursor })).toThrow(InvalidQueryError);
    expect(() => eventListFind({ filter: { sessionId: 's', toMicros: 9 }, order: 'asc', limit: 1, cursor })).toThrow(InvalidQueryError);
    expect(() => invalidEventListFind({ filter: {}, limit: 1, cursor })).toThrow(InvalidQueryError);
  });
});

describe('invalidEventListFind', () => {
  it('filters by issue code on the codes array, newest first', () => {
    const find = invalidEventListFind({ filter: { code: 'future_timestamp', application: 'shop' }, limit: 2 });
    expect(find.filter).toEqual({ codes: 'future_timestamp', application: 'shop', rejected: true });
    expect(find.sort).toEqual({ received_us: -1, seq: -1, _id: -1 });
    expect(find.shape.index).toBe('code_rejected');
  });

  it('continues below the cursor', () => {
    const first = invalidEventListFind({ filter: {}, limit: 2 });
    const cursor = encodeCursor([1_000, 3, 'a/x'], first.fingerprint);
    expect(decodeCursor(cursor, first.fingerprint)).toEqual([1_000, 3, 'a/x']);
    expect(invalidEventListFind({ filter: {}, limit: 2, cursor }).filter).toEqual({
      rejected: true,
      received_us: { $lte: 1_000 },
      $nor: [
        { received_us: 1_000, seq: { $gt: 3 } },
        { received_us: 1_000, seq: 3, _id: { $gte: 'a/x' } },
      ],
    });
  });
});

describe('receivedWindowMatch', () => {
  it('is a half-open window on received_us', () => {
    expect(receivedWindowMatch({ fromMicros: 1, toMicros: 2 })).toEqual({ received_us: { $gte: 1, $lt: 2 } });
    expect(() => receivedWindowMatch({ fromMicros: 1.5, toMicros: 2 })).toThrow(InvalidQueryError);
  });
});
