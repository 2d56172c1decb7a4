import { EventInputError, parseEventInput, toTrackEvent } from './event-input';

const pageview = { session_id: 's-1', category: 'page interaction', name: 'pageview', data: { host: 'a.example', path: '/' }, timestamp: '2021-01-01 09:15:27.243860' };

describe('parseEventInput', () => {
  it('reads a JSON array (with leading whitespace or a byte-order mark)', () => {
    expect(parseEventInput(`\uFEFF  [${JSON.stringify(pageview)}, {"a": 1}]`)).toEqual([pageview, { a: 1 }]);
    expect(parseEventInput('[]')).toEqual([]);
  });

  it('reads NDJSON, skipping blank lines, with CRLF line ends too', () => {
    expect(parseEventInput(`${JSON.stringify(pageview)}\r\n\n  \n{"b":2}\n`)).toEqual([pageview, { b: 2 }]);
    expect(parseEventInput('')).toEqual([]);
  });

  it.each([
    ['a broken array', '[{"a":1},', /not a JSON array/],
    ['an array entry that is not an object', '[{"a":1}, 2]', /entry 1 of the array/],
    ['an NDJSON line that is not JSON', '{"a":1}\n{oops}\n', /line 2 is not JSON/],
    ['an NDJSON line that is not an object', '{"a":1}\n\n[1]', /line 3 is not a JSON object/],
  ])('names the place of %s', (_what, text, message) => {
    expect(() => parseEventInput(text)).toThrow(EventInputError);
    expect(() => parseEventInput(text)).toThrow(message);
  });
});

describe('toTrackEvent', () => {
  it('maps the contract names to the client names, leaving out what is absent', () => {
    expect(toTrackEvent({ ...pageview, event_id: 'e-1' })).toEqual({
      eventId: 'e-1',
      sessionId: 's-1',
      category: 'page interaction',
      name: 'pageview',
      data: pageview.data,
      timestamp: pageview.timestamp,
    });
    expect(toTrackEvent({ session_id: 's', category: 'c', name: 'n', data: {} })).toEqual({ sessionId: 's', category: 'c', name: 'n', data: {} });
  });

  it('passes wrongly typed values on for The Eye to judge', () => {
    expect(toTrackEvent({ session_id: 7, category: 'c', name: 'n', data: 'x' })).toMatchObject({ sessionId: 7, data: 'x' });
  });
});
