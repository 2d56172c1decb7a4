import { z } from 'zod';
import { defineEventType } from './event-types/event-type';
import { eventTypeJsonSchemas } from './json-schema';
import { defaultRegistry } from './registry';

describe('eventTypeJsonSchemas', () => {
  it('describes a whole event for every registered type', () => {
    const registry = defaultRegistry().register(
      defineEventType({ category: 'c', name: 'n', description: 'd', data: z.strictObject({ when: z.date() }) }),
    );
    const schemas = eventTypeJsonSchemas(registry);
    expect(schemas.map(({ category, name }) => [category, name])).toEqual(
      registry.list().map((t) => [t.category, t.name]),
    );
    for (const { category, name, schema } of schemas) {
      expect(schema).toMatchObject({
        type: 'object',
        additionalProperties: false,
        required: ['session_id', 'category', 'name', 'data', 'timestamp'],
        properties: {
          event_id: { type: 'string', minLength: 1, maxLength: 128 },
          session_id: { type: 'string', minLength: 1, maxLength: 128 },
          category: { const: category },
          name: { const: name },
          data: { type: 'object', additionalProperties: false },
          timestamp: { type: 'string', pattern: expect.any(String) },
        },
      });
    }
  });

  it('spells out the built-in data fields', () => {
    const [pageview, ctaClick, formSubmit] = eventTypeJsonSchemas(defaultRegistry()).map(
      ({ schema }) => schema.properties?.['data'],
    );
    expect(pageview).toMatchObject({
      required: ['host', 'path'],
      properties: { host: { pattern: expect.any(String) }, path: { pattern: '^\\/.*' } },
    });
    expect(ctaClick).toMatchObject({
      required: ['host', 'path', 'element'],
      properties: { element: { minLength: 1 } },
    });
    expect(formSubmit).toMatchObject({
      required: ['host', 'path', 'form'],
      properties: {
        form: {
          type: 'object',
          propertyNames: { pattern: expect.any(String) },
          additionalProperties: { type: ['string', 'number', 'boolean', 'null'] },
        },
      },
    });
  });

  it('uses patterns that match what the validator accepts', () => {
    const [pageview] = eventTypeJsonSchemas(defaultRegistry());
    const properties = pageview?.schema.properties ?? {};
    const pattern = (schema: unknown) => new RegExp((schema as { pattern: string }).pattern);
    expect(pattern(properties['timestamp']).test('2021-01-01 09:15:27.243860')).toBe(true);
    expect(pattern(properties['timestamp']).test('yesterday')).toBe(false);
    const host = (properties['data'] as { properties: Record<string, unknown> }).properties['host'];
    expect(pattern(host).test('www.consumeraffairs.com')).toBe(true);
    expect(pattern(host).test('-bad-.com')).toBe(false);
  });
});
