import { toEventTypeListJson } from './event-type-routes';

it('shows each event type with its schema parsed back from JSON text', () => {
  const schema = { type: 'object', properties: { position_s: { type: 'number' } }, additionalProperties: false };
  expect(toEventTypeListJson({ eventTypes: [{ category: 'video', name: 'play', builtIn: false, schemaJson: JSON.stringify(schema) }] })).toEqual({
    event_types: [{ category: 'video', name: 'play', built_in: false, schema }],
  });
});
