import type { ResponseConfig, RouteConfig } from '@asteasolutions/zod-to-openapi';
import { defaultRegistry, dataJsonSchema, isBuiltInEventType } from '@eye/validators';
import { statsParams } from './query-params';
import { errorBody } from './schemas';
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

const json = (description: string, schema: z.ZodType): ResponseConfig => ({ description, content: { 'application/json': { schema } } });
const error = (description: string): ResponseConfig => json(description, errorBody);

const READ_ERRORS: Record<number, ResponseConfig> = {
  400: error('`invalid_query`: bad query parameters (for the timeline: also a window over 24 hours).'),
  401: error('`unauthenticated`: missing, unknown or revoked token.'),
  403: error('`forbidden`: the token lacks the `query` scope.'),
  429: error('`rate_limited`, with `Retry-After`.'),
  503: error('`unavailable`: a backend is not reachable, with `Retry-After`.'),
};

const bearer = [{ bearerAuth: [] }];

/** The OpenAPI paths of these reads and of the explorer's page. */
export const EXPLORER_API_PATHS: readonly RouteConfig[] = [
  {
    security: bearer,
    method: 'get',
    path: '/v1/event-types',
    tags: ['reads'],
    summary: 'Every event type events are validated against (`query` scope)',
    description: 'The built-in types and those registered at run time, each with the JSON Schema of its `data`.',
    request: { query: eventTypesParams },
    responses: { 200: json('The event types.', eventTypeList), ...READ_ERRORS },
  },
  {
    security: bearer,
    method: 'get',
    path: '/v1/stats/timeline',
    tags: ['reads'],
    summary: 'Events received per minute, valid and invalid (`query` scope)',
    description: 'Counts by received time, `from` inclusive, `to` exclusive, per minute; the window is at most 24 hours (default: the 24 hours up to now).',
    request: { query: timelineParams },
    responses: { 200: json('Counts per minute.', statsTimeline), ...READ_ERRORS },
  },
  {
    method: 'get',
    path: '/explorer/',
    tags: ['service'],
    summary: 'The explorer web app',
    description:
      'Views at `/explorer/` (live), `/explorer/events`, `/explorer/events/{id}`, `/explorer/sessions/{session_id}`, `/explorer/errors`, `/explorer/stats`, `/explorer/types`; it asks for a token once and keeps it in the tab’s `sessionStorage` (`eye.token`).',
    responses: { 200: { description: 'HTML.', content: { 'text/html': { schema: z.string() } } } },
  },
];
