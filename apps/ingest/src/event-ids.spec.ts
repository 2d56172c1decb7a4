import fc from 'fast-check';
import { derivedEventId, eventIdFor } from './event-ids';

const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('event ids', () => {
  it("keeps the client's event_id", () => {
    expect(eventIdFor('shop', '{"event_id":"e-1","timestamp":"2021-01-01 09:15:27.243860"}')).toBe('e-1');
  });

  it('derives the same id from the same application and text, and another from anything else', () => {
    const event = '{"session_id":"s","timestamp":"2021-01-01 09:15:27.243860"}';
    expect(eventIdFor('shop', event)).toMatch(UUID_V8);
    expect(eventIdFor('shop', event)).toBe(eventIdFor('shop', event));
    expect(eventIdFor('blog', event)).not.toBe(eventIdFor('shop', event));
    expect(eventIdFor('shop', event.replace('"s"', '"s2"'))).not.toBe(eventIdFor('shop', event));
    // The exact text: spacing makes another event.
    expect(eventIdFor('shop', event.replace(',', ', '))).not.toBe(eventIdFor('shop', event));
    // An event_id that is not valid gets a derived id too.
    expect(eventIdFor('shop', '{"event_id":""}')).toMatch(UUID_V8);
  });

  it("starts with the event's own timestamp in milliseconds, so ids sort by event time", () => {
    expect(eventIdFor('shop', '{"timestamp":"2021-01-01T09:15:27.243860Z"}').slice(0, 13).replace('-', '')).toBe((Date.UTC(2021, 0, 1, 9, 15, 27, 243)).toString(16).padStart(12, '0'));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 47 }), fc.integer({ min: 0, max: 2 ** 47 }), fc.string(), (a, b, raw) => {
        const [first, second] = [derivedEventId('app', raw, a * 1000), derivedEventId('app', raw, b * 1000)];
        return a < b ? first < second : a > b ? first > second : first === second;
      }),
    );
  });

  it('gives events without a usable timestamp the time part 0', () => {
    for (const raw of ['not json', '[1]', '{"timestamp":"yesterday"}', '{"timestamp":"1601-01-01T00:00:00Z"}']) {
      expect(eventIdFor('shop', raw)).toMatch(/^00000000-0000-8/);
    }
  });
});
