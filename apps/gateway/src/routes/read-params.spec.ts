import { getSessionParams, listErrorsParams, listEventsParams, statsParams } from '../openapi/query-params';
import { parseQuery } from './read-params';

function problem(schema: Parameters<typeof parseQuery>[0], query: Record<string, unknown>): unknown {
  try {
    parseQuery(schema, query);
  } catch (error) {
    return error;
  }
  throw new Error('expected invalid_query');
}

describe('parseQuery', () => {
  it('parses the list parameters: times normalized to UTC microseconds, limit as a number', () => {
    expect(
      parseQuery(listEventsParams, {
        session_id: 's',
        from: '2021-01-01 09:15:27.24386',
        to: '2021-01-01T10:15:27+01:00',
        order: 'desc',
        limit: '7',
        cursor: 'abc_-1',
      }),
    ).toEqual({ session_id: 's', from: '2021-01-01T09:15:27.243860Z', to: '2021-01-01T09:15:27.000000Z', order: 'desc', limit: 7, cursor: 'abc_-1' });
    expect(parseQuery(listEventsParams, {})).toEqual({});
  });

  it('reads an unescaped + in an offset (form encoding made it a space) as +', () => {
    expect(parseQuery(statsParams, { from: '2021-01-01T10:00:00 01:00' })).toEqual({ from: '2021-01-01T09:00:00.000000Z' });
  });

  it.each([
    ['an unknown parameter', listEventsParams, { sesion_id: 's' }, 'sesion_id: unknown parameter'],
    ['a repeated parameter', listEventsParams, { limit: ['1', '2'] }, 'limit: given more than once'],
    ['a bracketed parameter', listEventsParams, { 'session_id[$ne]': 'x' }, 'session_id[$ne]: parameters cannot be objects or arrays'],
    ['an unparseable time', listEventsParams, { from: 'yesterday' }, 'from: must be an RFC 3339 date-time'],
    ['an impossible date', statsParams, { to: '2021-02-30T00:00:00Z' }, 'to: must be an RFC 3339 date-time'],
    ['an unknown order', listEventsParams, { order: 'sideways' }, 'order: must be asc or desc'],
    ['limit 0', listEventsParams, { limit: '0' }, 'limit: must be from 1 to 1000'],
    ['limit 1001', listEventsParams, { limit: '1001' }, 'limit: must be from 1 to 1000'],
    ['limit abc', listEventsParams, { limit: 'abc' }, 'limit: must be a whole number'],
    ['limit -1', listEventsParams, { limit: '-1' }, 'limit: must be a whole number'],
    ['a cursor with foreign characters', listEventsParams, { cursor: '{"$gt":1}' }, 'cursor: is not a cursor this API issued'],
    ['an empty value', listEventsParams, { category: '' }, 'category: must not be empty'],
    ['an unknown issue code', listErrorsParams, { code: 'bogus' }, 'code: must be one of required, invalid_type'],
    ['any parameter where none are taken', getSessionParams, { limit: '5' }, 'limit: unknown parameter'],
  ])('refuses %s as invalid_query', (_case, schema, query, message) => {
    const error = problem(schema, query);
    expect(error).toMatchObject({ code: 'invalid_query', message: expect.stringContaining(message) });
    expect((error as { details: unknown[] }).details).toEqual(expect.arrayContaining([expect.objectContaining({ path: expect.any(String), message: expect.any(String) })]));
  });

  it('names every bad parameter at once', () => {
    expect(problem(listEventsParams, { order: 'x', limit: '0', extra: '1' })).toMatchObject({
      details: expect.arrayContaining([
        { path: 'extra', message: 'unknown parameter' },
        { path: 'order', message: 'must be asc or desc' },
        { path: 'limit', message: 'must be from 1 to 1000' },
      ]),
    });
  });
});
