import { SortOrder } from '@eye/contracts';
import { invalidEventJsonText, toListEventsRequest, toStoredEventJson } from './read-routes';

describe('read-side translation', () => {
  it('asks ListEvents for the REST parameters; no limit means the service default', () => {
    expect(toListEventsRequest({ session_id: 's', order: 'desc', from: '2021-01-01T00:00:00.000000Z' })).toEqual({
      sessionId: 's',
      category: undefined,
      name: undefined,
      application: undefined,
      from: '2021-01-01T00:00:00.000000Z',
      to: undefined,
      order: SortOrder.SORT_ORDER_DESC,
      limit: 0,
      cursor: undefined,
    });
    expect(toListEventsRequest({ limit: 7 })).toMatchObject({ order: SortOrder.SORT_ORDER_ASC, limit: 7 });
  });

  it('shows the trace id only where the event has one', () => {
    const event = { id: 'e', application: 'a', sessionId: 's', category: 'c', name: 'n', dataJson: '{}', timestamp: 't', receivedAt: 'r' };
    expect(toStoredEventJson({ ...event, traceId: '0af7651916cd43dd8448eb211c80319c' })).toMatchObject({ trace_id: '0af7651916cd43dd8448eb211c80319c' });
    expect(toStoredEventJson(event)).not.toHaveProperty('trace_id');
    const invalid = { id: 'e', application: 'a', receivedAt: 'r', issues: [], rawJson: '{}' };
    expect(JSON.parse(invalidEventJsonText({ ...invalid, traceId: '0af7651916cd43dd8448eb211c80319c' }))).toMatchObject({ trace_id: '0af7651916cd43dd8448eb211c80319c' });
    expect(JSON.parse(invalidEventJsonText(invalid))).not.toHaveProperty('trace_id');
  });

  it('shows data as JSON again', () => {
    const event = { id: 'e', application: 'a', sessionId: 's', category: 'c', name: 'n', dataJson: '{"x":[1,2]}', timestamp: 't', receivedAt: 'r' };
    expect(toStoredEventJson(event)).toEqual({ id: 'e', application: 'a', session_id: 's', category: 'c', name: 'n', data: { x: [1, 2] }, timestamp: 't', received_at: 'r' });
  });

  it('shows an invalid event as sent, leaving out what it lacked', () => {
    const base = { id: 'e', application: 'a', receivedAt: 'r', issues: [{ path: '', code: 'invalid_format', message: 'm' }] };
    expect(invalidEventJsonText({ ...base, rawJson: '[1, "two"]' })).toBe('{"id":"e","application":"a","received_at":"r","issues":[{"path":"","code":"invalid_format","message":"m"}],"raw":[1, "two"]}');
    expect(JSON.parse(invalidEventJsonText({ ...base, sessionId: 's', rawJson: 'not json' }))).toMatchObject({ session_id: 's', raw: 'not json' });
    // Text that is not one JSON value cannot break out of `raw`.
    expect(JSON.parse(invalidEventJsonText({ ...base, rawJson: '1,"application":"forged"' }))).toMatchObject({ application: 'a', raw: '1,"application":"forged"' });
    expect(JSON.parse(invalidEventJsonText({ ...base, rawJson: '{"a":1}', resolvedAt: 'z' }))).toEqual({ id: 'e', application: 'a', received_at: 'r', issues: base.issues, resolved_at: 'z', raw: { a: 1 } });
  });

  it('splices a deeply nested event without parsing it', () => {
    const deep = `{"data":${'['.repeat(30_000)}${']'.repeat(30_000)}}`;
    const text = invalidEventJsonText({ id: 'e', application: 'a', receivedAt: 'r', issues: [], rawJson: deep });
    expect(text.endsWith(`"raw":${deep}}`)).toBe(true);
  });
});
