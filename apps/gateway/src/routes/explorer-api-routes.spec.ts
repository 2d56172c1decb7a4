import { toEventTypeListJson, toStatsTimelineJson } from './explorer-api-routes';

it('shows each event type with its schema parsed back from JSON text', () => {
  const schema = { type: 'object', properties: { position_s: { type: 'number' } }, additionalProperties: false };
  expect(toEventTypeListJson({ eventTypes: [{ category: 'video', name: 'play', builtIn: false, schemaJson: JSON.stringify(schema) }] })).toEqual({
    event_types: [{ category: 'video', name: 'play', built_in: false, schema }],
  });
});

it('shows the timeline with the contract’s names', () => {
  expect(toStatsTimelineJson({ from: 'f', to: 't', intervalS: 60, buckets: [{ start: 's', valid: 2, invalid: 1 }] })).toEqual({
    from: 'f',
    to: 't',
    interval_s: 60,
    buckets: [{ start: 's', valid: 2, invalid: 1 }],
  });
});
