import { SortOrder } from '@eye/contracts';
import { eventListQuery, invalidEventListQuery, limit, order, statsWindow, time } from './from-wire';

const base = { order: SortOrder.SORT_ORDER_UNSPECIFIED, limit: 0 };

describe('ListEvents requests', () => {
  it('default to ascending order and 100 items', () => {
    expect(eventListQuery(base)).toEqual({
      filter: { sessionId: undefined, category: undefined, name: undefined, application: undefined, fromMicros: undefined, toMicros: undefined },
      order: 'asc',
      limit: 100,
      cursor: undefined,
    });
  });

  it('carry filters and exact time bounds', () => {
    const query = eventListQuery({
      ...base,
      sessionId: 's',
      category: 'page interaction',
      from: '2021-01-01 09:15:27.243860',
      to: '2021-01-01T10:15:27.243861+01:00',
      order: SortOrder.SORT_ORDER_DESC,
      limit: 7,
    });
    expect(query.filter).toMatchObject({ sessionId: 's', category: 'page interaction', fromMicros: 1_609_492_527_243_860, toMicros: 1_609_492_527_243_861 });
    expect(query.order).toBe('desc');
    expect(query.limit).toBe(7);
  });

  it.each([
    [{ from: 'yesterday' }, /from is not an RFC 3339 date-time/],
    [{ to: '2021-02-30T00:00:00Z' }, /to is not/],
    [{ sessionId: '' }, /session_id must not be empty/],
    [{ name: 'x'.repeat(1_025) }, /name is longer than 1024/],
    [{ cursor: '' }, /cursor must not be empty/],
  ])('refuse %p as invalid_query', (fields, message) => {
    expect(() => eventListQuery({ ...base, ...fields })).toThrow(expect.objectContaining({ code: 'invalid_query', message: expect.stringMatching(message) }));
  });
});

describe('parameters', () => {
  it('limit: 0 means 100; 1..1000 are taken; anything else is refused', () => {
    expect(limit(0)).toBe(100);
    expect(limit(1)).toBe(1);
    expect(limit(1_000)).toBe(1_000);
    expect(() => limit(1_001)).toThrow(expect.objectContaining({ code: 'invalid_query' }));
  });

  it('order: unspecified is asc; an unrecognized value is refused', () => {
    expect(order(SortOrder.SORT_ORDER_UNSPECIFIED)).toBe('asc');
    expect(order(SortOrder.SORT_ORDER_ASC)).toBe('asc');
    expect(order(SortOrder.SORT_ORDER_DESC)).toBe('desc');
    expect(() => order(SortOrder.UNRECOGNIZED)).toThrow(expect.objectContaining({ code: 'invalid_query' }));
    expect(() => order(7 as SortOrder)).toThrow(expect.objectContaining({ code: 'invalid_query' }));
  });

  it('time: absent stays absent', () => {
    expect(time('from', undefined)).toBeUndefined();
    expect(time('from', '2021-01-01T00:00:00Z')).toBe(1_609_459_200_000_000);
  });
});

describe('ListInvalidEvents and GetStats requests', () => {
  it('accept an issue code and refuse an unknown one', () => {
    expect(invalidEventListQuery({ limit: 5, code: 'future_timestamp' }).filter.code).toBe('future_timestamp');
    expect(() => invalidEventListQuery({ limit: 5, code: 'bogus' })).toThrow(expect.objectContaining({ code: 'invalid_query', message: expect.stringMatching(/code must be one of required, /) }));
  });

  it('leave a missing stats bound to the service', () => {
    expect(statsWindow({})).toEqual({ fromMicros: undefined, toMicros: undefined });
    expect(statsWindow({ from: '1970-01-01T00:00:01Z' })).toEqual({ fromMicros: 1_000_000, toMicros: undefined });
  });
});
