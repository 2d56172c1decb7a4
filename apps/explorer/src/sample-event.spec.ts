import { sampleEventJson, sampleValue } from './sample-event';

describe('sampleValue', () => {
  it('takes the example a description gives, and a leading "/" from a path pattern', () => {
    expect(
      sampleValue({
        type: 'object',
        properties: {
          host: { type: 'string', description: 'Host name of the page, e.g. www.consumeraffairs.com' },
          path: { type: 'string', pattern: '^\\/.*', description: 'Path of the page, starting with "/"' },
          element: { type: 'string', description: 'Which element was clicked, e.g. "chat bubble"' },
          form: { type: 'object' },
        },
      }),
    ).toEqual({ host: 'www.consumeraffairs.com', path: '/', element: 'chat bubble', form: {} });
  });

  it('prefers examples, const and enum; fills the other types', () => {
    expect(sampleValue({ type: 'string', examples: ['x'] })).toBe('x');
    expect(sampleValue({ const: 'fixed' })).toBe('fixed');
    expect(sampleValue({ enum: ['a', 'b'] })).toBe('a');
    expect(sampleValue({ type: ['number', 'null'], minimum: 3 })).toBe(3);
    expect(sampleValue({ type: 'boolean' })).toBe(false);
    expect(sampleValue({ type: 'array' })).toEqual([]);
    expect(sampleValue({})).toBeNull();
  });
});

it('makes a whole event of a type', () => {
  const json = sampleEventJson({ category: 'video', name: 'play', built_in: false, schema: { type: 'object', properties: { position_s: { type: 'number' } } } }, new Date('2026-01-02T03:04:05.000Z'));
  expect(JSON.parse(json)).toEqual({ session_id: 'try-it-session', category: 'video', name: 'play', data: { position_s: 0 }, timestamp: '2026-01-02T03:04:05.000Z' });
});
