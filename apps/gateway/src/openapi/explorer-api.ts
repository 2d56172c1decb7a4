import { defaultRegistry, dataJsonSchema, isBuiltInEventType } from '@eye/validators';
import { statsParams } from './query-params';
import { z } from './zod';

/**
 * The reads the explorer added to the REST contract: their parameters, answers and OpenAPI
 * paths. Kept apart from the older reads so the route table can take them over in one piece.
 */

/** `GET /v1/event-types` takes no parameters. */
export const eventTypesParams = z.strictObject({});

export const eventType = z
  .object({
    category: z.string(),
    name: z.string(),
    built_in: z.boolean().openapi({ description: 'True for the types built into The Eye; false for types registered with `eye types add`.' }),
    schema: z.record(z.string(), z.unknown()).openapi({ description: 'JSON Schema (draft 2020-12) of the event’s `data`.' }),
  })
  .openapi('EventType');

export const eventTypeList = z
  .object({ event_types: z.array(eventType).openapi({ description: 'Built-ins first, then registered types in the order registered.' }) })
  .openapi('EventTypeList', {
    example: {
      event_types: defaultRegistry()
        .list()
        .map((type) => ({ category: type.category, name: type.name, built_in: isBuiltInEventType(type.category, type.name), schema: dataJsonSchema(type) as Record<string, unknown> })),
    },
  });

export type EventTypeListJson = z.infer<typeof eventTypeList>;

/** `GET /v1/stats/timeline` takes the window of `GET /v1/stats` (at most 24 hours). */
export const timelineParams = statsParams;

export const statsTimeline = z
  .object({
    from: z.string().openapi({ format: 'date-time' }),
    to: z.string().openapi({ format: 'date-time' }),
    interval_s: z.number().int().openapi({ description: 'The length of each bucket in seconds: 60.' }),
    buckets: z
      .array(
        z.object({
          start: z.string().openapi({ format: 'date-time', description: 'The bucket’s first instant: a whole minute (UTC).' }),
          valid: z.number().int(),
          invalid: z.number().int(),
        }),
      )
      .openapi({ description: 'Every minute that overlaps the window, oldest first; minutes without events have zero counts. The first and last may be partial.' }),
  })
  .openapi('StatsTimeline', {
    example: {
      from: '2026-01-01T11:58:00.000000Z',
      to: '2026-01-01T12:00:00.000000Z',
      interval_s: 60,
      buckets: [
        { start: '2026-01-01T11:58:00.000000Z', valid: 3, invalid: 1 },
        { start: '2026-01-01T11:59:00.000000Z', valid: 0, invalid: 0 },
      ],
    },
  });

export type StatsTimelineJson = z.infer<typeof statsTimeline>;
