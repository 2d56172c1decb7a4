import { defaultRegistry } from '../registry';
import { validateEvent } from '../validate-event';
import { eventTypeFromJsonSchema, isEventTypeSchemaError, normalizeDataSchema } from './from-json-schema';

const videoPlaySchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  description: 'A video started playing.',
  properties: {
    host: { type: 'string', format: 'hostname' },
    video_id: { type: 'string', minLength: 1, maxLength: 16 },
    position_s: { type: 'number', minimum: 0 },
    quality: { enum: ['sd', 'hd'] },
    player: { type: 'object', properties: { muted: { type: 'boolean' } }, required: ['muted'] },
  },
  required: ['host', 'video_id'],
};

const videoPlay = eventTypeFromJsonSchema({ category: 'video interaction', name: 'play', dataSchema: videoPlaySchema });
const registry = defaultRegistry().register(videoPlay);

function issuesOf(data: unknown) {
  const result = validateEvent(
    { session_id: 's-1', category: 'video interaction', name: 'play', data, timestamp: '2024-05-01T10:00:00Z' },
    { receivedAtMicros: Date.UTC(2024, 4, 2) * 1000, clockSkewMs: 60_000, registry },
  );
  return result.valid ? [] : result.issues.map(({ path, code }) => ({ path, code }));
}

describe('eventTypeFromJsonSchema', () => {
  it('accepts data matching the schema, as a strict zod object the registry takes', () => {
    expect(issuesOf({ host: 'www.example.com', video_id: 'v1', position_s: 3.5, quality: 'hd', player: { muted: true } })).toEqual([]);
    expect(videoPlay.description).toBe('A video started playing.');
  });

  it.each([
    ['a missing required key', { host: 'www.example.com' }, [{ path: 'data.video_id', code: 'required' }]],
    ['a wrong type', { host: 'www.example.com', video_id: 7 }, [{ path: 'data.video_id', code: 'invalid_type' }]],
    ['a failed format', { host: 'not a host!', video_id: 'v1' }, [{ path: 'data.host', code: 'invalid_format' }]],
    ['a value below the minimum', { host: 'a.b', video_id: 'v1', position_s: -1 }, [{ path: 'data.position_s', code: 'invalid_format' }]],
    ['a value outside the enum', { host: 'a.b', video_id: 'v1', quality: '4k' }, [{ path: 'data.quality', code: 'invalid_format' }]],
    ['a string over maxLength', { host: 'a.b', video_id: 'x'.repeat(17) }, [{ path: 'data.video_id', code: 'too_long' }]],
    ['an empty string under minLength', { host: 'a.b', video_id: '' }, [{ path: 'data.video_id', code: 'invalid_format' }]],
    [
      'unknown keys, at the top and nested',
      { host: 'a.b', video_id: 'v1', extra: 1, player: { muted: false, volume: 3 } },
      [
        { path: 'data.extra', code: 'unexpected_field' },
        { path: 'data.player.volume', code: 'unexpected_field' },
      ],
    ],
  ])('reports %s with the contract code', (_what, data, expected) => {
    expect(issuesOf(data)).toEqual(expect.arrayContaining(expected));
    expect(issuesOf(data)).toHaveLength(expected.length);
  });

  it('sets additionalProperties: false where an object schema leaves it out, and keeps the input unchanged', () => {
    const input = { type: 'object', properties: { nested: { type: 'object', properties: {} }, free: { type: 'object', additionalProperties: true } } };
    const normalized = normalizeDataSchema(input);
    expect(normalized).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: {
        nested: { type: 'object', properties: {}, additionalProperties: false },
        free: { type: 'object', additionalProperties: true },
      },
    });
    expect(input).not.toHaveProperty('additionalProperties');
  });

  it.each([
    ['not an object', ['a'], /JSON object/],
    ['not an object schema', { type: 'string' }, /"type": "object"/],
    ['unknown keys allowed', { type: 'object', additionalProperties: true }, /additionalProperties/],
    ['unknown keys with a schema', { type: 'object', additionalProperties: { type: 'string' } }, /additionalProperties/],
    ['a union at the top', { type: 'object', anyOf: [{ required: ['a'] }] }, /anyOf/],
    ['pattern properties at the top', { type: 'object', patternProperties: { '^x': {} } }, /patternProperties/],
    ['a dangling $ref inside', { type: 'object', properties: { a: { $ref: '#/$defs/missing' } } }, /cannot be used/],
    ['conditionals inside', { type: 'object', properties: { a: { if: {}, then: {} } } }, /cannot be used/],
  ])('refuses %s', (_what, dataSchema, message) => {
    let caught: unknown;
    try {
      eventTypeFromJsonSchema({ category: 'c', name: 'n', dataSchema });
    } catch (error) {
      caught = error;
    }
    expect(isEventTypeSchemaError(caught)).toBe(true);
    expect((caught as Error).message).toMatch(message);
  });

  it('refuses an empty category or name', () => {
    expect(() => eventTypeFromJsonSchema({ category: '', name: 'n', dataSchema: { type: 'object' } })).toThrow(/must not be empty/);
  });

  it('converts the same schema with an $id again and again (every refresh does)', () => {
    const dataSchema = { $id: 'https://example.com/video', type: 'object', properties: { a: { type: 'string' } } };
    for (let i = 0; i < 3; i++) expect(eventTypeFromJsonSchema({ category: 'c', name: 'n', dataSchema }).data.shape).toHaveProperty('a');
  });
});
