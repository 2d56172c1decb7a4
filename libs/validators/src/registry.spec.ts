import { z } from 'zod';
import { defineEventType } from './event-types/event-type';
import { pageHost, pagePath } from './event-types/page-fields';
import { defaultRegistry, EventTypeRegistrationError, EventTypeRegistry } from './registry';
import { validateEvent } from './validate-event';

// The example from README.md: one file under event-types/, one line registering it.
const videoPlayEventType = defineEventType({
  category: 'video interaction',
  name: 'play',
  description: 'A video started playing.',
  data: z.strictObject({ host: pageHost, path: pagePath, video_id: z.string().min(1, 'must not be empty') }),
});

describe('EventTypeRegistry', () => {
  it('holds the three built-in types by default, in order', () => {
    expect(
      defaultRegistry()
        .list()
        .map((type) => [type.category, type.name]),
    ).toEqual([
      ['page interaction', 'pageview'],
      ['page interaction', 'cta click'],
      ['form interaction', 'submit'],
    ]);
  });

  it('looks types up by category and name exactly', () => {
    const registry = defaultRegistry();
    expect(registry.get('page interaction', 'pageview')?.name).toBe('pageview');
    expect(registry.get('page interaction', 'submit')).toBeUndefined();
    expect(registry.get('Page Interaction', 'pageview')).toBeUndefined();
    expect(registry.get('constructor', 'toString')).toBeUndefined();
  });

  it('gives each caller its own default registry', () => {
    const mine = defaultRegistry().register(videoPlayEventType);
    expect(mine.get('video interaction', 'play')).toBe(videoPlayEventType);
    expect(defaultRegistry().get('video interaction', 'play')).toBeUndefined();
  });

  it('validates events of a registered type, and only with the registry that holds it', () => {
    const event = {
      session_id: 's1',
      category: 'video interaction',
      name: 'play',
      data: { host: 'www.consumeraffairs.com', path: '/reviews', video_id: '' },
      timestamp: '2021-01-01T09:15:27Z',
    };
    const options = { receivedAtMicros: Date.UTC(2021, 0, 2) * 1000, clockSkewMs: 60_000 };
    expect(
      validateEvent(event, { ...options, registry: defaultRegistry().register(videoPlayEventType) }),
    ).toMatchObject({
      valid: false,
      issues: [{ path: 'data.video_id', code: 'invalid_format' }],
    });
    expect(validateEvent(event, options)).toMatchObject({
      valid: false,
      issues: [{ path: '', code: 'unknown_event_type' }],
    });
  });

  it('refuses a duplicate, a blank key and a data schema that allows unknown keys', () => {
    const registry = defaultRegistry();
    const pageview = registry.get('page interaction', 'pageview');
    expect(pageview).toBeDefined();
    if (pageview === undefined) return;
    expect(() => registry.register(pageview)).toThrow(EventTypeRegistrationError);
    expect(() => registry.register({ ...videoPlayEventType, name: '' })).toThrow(/must not be empty/);
    expect(() => registry.register({ ...videoPlayEventType, data: z.object({ host: pageHost }) })).toThrow(
      /strictObject/,
    );
    expect(() => registry.register({ ...videoPlayEventType, data: z.looseObject({ host: pageHost }) })).toThrow(
      expect.objectContaining({ name: 'EventTypeRegistrationError' }),
    );
  });

  it('does not confuse category and name that share a separator', () => {
    const registry = new EventTypeRegistry()
      .register({ ...videoPlayEventType, category: 'a/b', name: 'c' })
      .register({ ...videoPlayEventType, category: 'a', name: 'b/c' });
    expect(registry.list()).toHaveLength(2);
    expect(registry.get('a/b', 'c')?.category).toBe('a/b');
    expect(registry.get('a', 'b/c')?.name).toBe('b/c');
  });
});
