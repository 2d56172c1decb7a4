import { batchEvents, singleEvent } from './write-routes';

function refusal(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected invalid_request');
}

const batch = (body: unknown) => refusal(() => batchEvents(body, JSON.stringify(body)));

describe('the write bodies, checked with the OpenAPI schemas', () => {
  it('takes the events of a batch as sent', () => {
    expect(batchEvents({ events: [{ a: 1 }, {}] }, '{"events": [ {"a":1} , {} ]}')).toEqual(['{"a":1}', '{}']);
    expect(singleEvent({ anything: [1] }, ' {"anything":[1]} ')).toBe('{"anything":[1]}');
  });

  it.each([
    ['a body that is not an object', [], 'the body must be a JSON object {"events": [...]}'],
    ['null', null, 'the body must be a JSON object {"events": [...]}'],
    ['unknown keys (before anything else)', { events: 'x', extra: 1, more: 2 }, 'unknown key(s) in the body: extra, more'],
    ['no events', {}, '"events" must be an array'],
    ['events not an array', { events: { a: 1 } }, '"events" must be an array'],
    ['no entries', { events: [] }, '"events" must hold 1 to 500 events; it holds 0'],
    ['501 entries (before their types)', { events: [...Array.from({ length: 500 }, () => ({})), 1] }, '"events" must hold 1 to 500 events; it holds 501'],
  ])('refuses %s', (_case, body, message) => {
    expect(batch(body)).toMatchObject({ code: 'invalid_request', message });
  });

  it('names every entry that is not an object', () => {
    expect(batch({ events: [{}, 1, null, [], {}, 'x'] })).toMatchObject({
      code: 'invalid_request',
      message: 'every entry of "events" must be a JSON object',
      details: [1, 2, 3, 5].map((index) => ({ path: `events.${index}`, code: 'invalid_type' })),
    });
  });

  it.each([[[]], [null], ['text'], [5]])('refuses a single event %p', (body) => {
    expect(refusal(() => singleEvent(body, JSON.stringify(body)))).toMatchObject({ code: 'invalid_request', message: 'the body must be one event as a JSON object' });
  });
});
