import type { ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { MAX_EVENTS_PER_BATCH } from '@eye/validators';
import { CHALLENGE_EVENTS, CTA_CLICK_EXAMPLE, FORM_SUBMIT_EXAMPLE, PAGEVIEW_EXAMPLE } from '../openapi/examples';
import { eventIdPath, getEventParams, listErrorsParams, listEventsParams, sessionEventsParams, sessionIdPath, statsParams } from '../openapi/query-params';
import { accepted, batchInput, errorBody, errorPage, eventInput, eventPage, sessionSummary, stats, storedEvent, validation } from '../openapi/schemas';
import { z } from '../openapi/zod';
import { eventTypeList, eventTypesParams, statsTimeline, timelineParams } from '../openapi/explorer-api';
import { docsAsset, docsPage, openApiJson } from './docs-routes';
import { getStatsTimeline, listEventTypes } from './explorer-api-routes';
import { explorerAsset, explorerConfig, explorerRedirect, explorerView, jaegerTrace } from './explorer-routes';
import { getEvent, getSession, getStats, listErrors, listEvents, listSessionEvents } from './read-routes';
import type { RouteDeclaration } from './route-table';
import { healthz, readyz } from './service-routes';
import { publishBatch, publishOne, validateOne } from './write-routes';

const json = (description: string, schema: z.ZodType): ResponseConfig => ({ description, content: { 'application/json': { schema } } });

const ERROR_RESPONSES = {
  400: 'Bad request (`invalid_json`, `invalid_request` or `invalid_query`).',
  401: '`unauthenticated`: missing, unknown or revoked token.',
  403: '`forbidden`: the token lacks the needed scope.',
  404: '`not_found`.',
  413: '`payload_too_large`: the body is over the limit (default 1 MiB).',
  415: '`unsupported_media_type`: the body is not JSON.',
  429: "`rate_limited`: over the application's own rate limit, with `Retry-After`.",
  503: '`unavailable`: the queue or a backend is not reachable, or a read took too long, with `Retry-After`; nothing was accepted.',
} as const;

function errors(...statuses: (keyof typeof ERROR_RESPONSES)[]): Record<number, ResponseConfig> {
  return Object.fromEntries(statuses.map((status) => [status, json(ERROR_RESPONSES[status], errorBody)]));
}

const READ_ERRORS = [400, 401, 403, 503] as const;
const WRITE_ERRORS = [400, 401, 403, 413, 415, 429, 503] as const;
const eventExamples = { pageview: { value: PAGEVIEW_EXAMPLE }, 'cta click': { value: CTA_CLICK_EXAMPLE }, 'form submit': { value: FORM_SUBMIT_EXAMPLE } };
const sendOne = {
  tags: ['events'],
  summary: 'Send one event (`ingest` scope)',
  description: 'Queued durably before the answer; validated afterwards. An invalid event is recorded as an invalid event, never lost.',
  request: { body: { required: true, content: { 'application/json': { schema: eventInput, examples: eventExamples } } } },
  responses: { 202: json('Queued.', accepted), ...errors(...WRITE_ERRORS) },
};
const status = z.object({ status: z.string() });

/**
 * Every route of the gateway, declared once: the express routes, the 405 answers and the OpenAPI
 * description all come from here. A new route is one more entry.
 */
export const ROUTES: readonly RouteDeclaration[] = [
  { method: 'POST', path: '/v1/events', scope: 'ingest', jsonBody: true, handler: publishOne, docs: sendOne },
  {
    // The unversioned path of the service The Eye replaces: its clients keep working unchanged.
    method: 'POST',
    path: '/events',
    aliases: ['/events/'],
    scope: 'ingest',
    jsonBody: true,
    handler: publishOne,
    docs: { ...sendOne, summary: 'Send one event: the same as `POST /v1/events`, for clients of the service The Eye replaces' },
  },
  {
    method: 'POST',
    path: '/v1/events/batch',
    scope: 'ingest',
    jsonBody: true,
    handler: publishBatch,
    docs: {
      tags: ['events'],
      summary: `Send 1 to ${MAX_EVENTS_PER_BATCH} events (\`ingest\` scope)`,
      request: { body: { required: true, content: { 'application/json': { schema: batchInput, examples: { challenge: { value: { events: CHALLENGE_EVENTS } } } } } } },
      responses: { 202: json('All queued; `ids` in the order sent.', accepted), ...errors(...WRITE_ERRORS) },
    },
  },
  {
    method: 'POST',
    path: '/v1/events/validate',
    scope: 'ingest',
    jsonBody: true,
    handler: validateOne,
    docs: {
      tags: ['events'],
      summary: 'Validate one event without storing it (`ingest` scope)',
      request: { body: { required: true, content: { 'application/json': { schema: eventInput, examples: eventExamples } } } },
      responses: { 200: json('The issues the pipeline would record, if any.', validation), ...errors(400, 401, 403, 413, 415, 503) },
    },
  },
  {
    method: 'GET',
    path: '/v1/events',
    scope: 'query',
    handler: listEvents,
    docs: {
      tags: ['reads'],
      summary: 'List stored events (`query` scope)',
      description: 'Filters AND together. Keyset pages: paging to the end returns every event that matched when paging began exactly once, also while events arrive.',
      request: { query: listEventsParams },
      responses: { 200: json('One page.', eventPage), ...errors(...READ_ERRORS) },
    },
  },
  {
    method: 'GET',
    path: '/v1/events/:id',
    scope: 'query',
    handler: getEvent,
    docs: {
      tags: ['reads'],
      summary: 'One stored event (`query` scope)',
      request: { params: eventIdPath, query: getEventParams },
      responses: { 200: json('The event.', storedEvent), ...errors(...READ_ERRORS, 404) },
    },
  },
  {
    method: 'GET',
    path: '/v1/sessions/:session_id',
    scope: 'query',
    handler: getSession,
    docs: {
      tags: ['reads'],
      summary: 'A session summary over its valid events (`query` scope)',
      request: { params: sessionIdPath },
      responses: { 200: json('The summary.', sessionSummary), ...errors(...READ_ERRORS, 404) },
    },
  },
  {
    method: 'GET',
    path: '/v1/sessions/:session_id/events',
    scope: 'query',
    handler: listSessionEvents,
    docs: {
      tags: ['reads'],
      summary: "A session's events in time order (`query` scope)",
      description: 'Ordered and paged like `/v1/events`; an unknown session gives an empty list.',
      request: { params: sessionIdPath, query: sessionEventsParams },
      responses: { 200: json('One page.', eventPage), ...errors(...READ_ERRORS) },
    },
  },
  {
    method: 'GET',
    path: '/v1/errors',
    scope: 'query',
    handler: listErrors,
    docs: {
      tags: ['reads'],
      summary: 'List invalid events, newest first (`query` scope)',
      request: { query: listErrorsParams },
      responses: { 200: json('One page.', errorPage), ...errors(...READ_ERRORS) },
    },
  },
  {
    method: 'GET',
    path: '/v1/stats',
    scope: 'query',
    handler: getStats,
    docs: {
      tags: ['reads'],
      summary: 'What was received in a window (`query` scope)',
      description: 'Counts by received time, `from` inclusive, `to` exclusive. Default window: the 24 hours up to now.',
      request: { query: statsParams },
      responses: { 200: json('Counts.', stats), ...errors(...READ_ERRORS) },
    },
  },
  {
    method: 'GET',
    path: '/v1/stats/timeline',
    scope: 'query',
    handler: getStatsTimeline,
    docs: {
      tags: ['reads'],
      summary: 'Events received per minute, valid and invalid (`query` scope)',
      description: 'Counts by received time, `from` inclusive, `to` exclusive, per minute; the window is at most 24 hours (default: the 24 hours up to now).',
      request: { query: timelineParams },
      responses: { 200: json('Counts per minute.', statsTimeline), ...errors(...READ_ERRORS) },
    },
  },
  {
    method: 'GET',
    path: '/v1/event-types',
    scope: 'query',
    handler: listEventTypes,
    docs: {
      tags: ['reads'],
      summary: 'Every event type events are validated against (`query` scope)',
      description: 'The built-in types and those registered at run time, each with the JSON Schema of its `data`.',
      request: { query: eventTypesParams },
      responses: { 200: json('The event types.', eventTypeList), ...errors(...READ_ERRORS) },
    },
  },
  {
    // The explorer web app: its views (index.html), its built files, its configuration, and one
    // trace from Jaeger for the event detail (the same scope as the events it belongs to).
    method: 'GET',
    path: '/explorer',
    handler: explorerRedirect,
    docs: {
      tags: ['service'],
      summary: 'The explorer web app (redirects to `/explorer/`)',
      description:
        'Views at `/explorer/` (live), `/explorer/events`, `/explorer/events/{id}`, `/explorer/sessions/{session_id}`, `/explorer/errors`, `/explorer/stats`, `/explorer/types`; it asks for a token once and keeps it in the tab’s `sessionStorage` (`eye.token`).',
      responses: { 200: { description: 'HTML.', content: { 'text/html': { schema: z.string() } } }, 301: { description: 'To `/explorer/`.' } },
    },
  },
  { method: 'GET', path: '/explorer/config.json', handler: explorerConfig },
  { method: 'GET', path: '/explorer/jaeger/api/traces/:traceId', scope: 'query', handler: jaegerTrace },
  { method: 'GET', path: '/explorer/assets/{*file}', handler: explorerAsset },
  { method: 'GET', path: '/explorer/{*view}', handler: explorerView },
  { method: 'GET', path: '/healthz', handler: healthz, docs: { tags: ['service'], summary: 'Liveness: 200 while the process lives', responses: { 200: json('Alive.', status) } } },
  {
    method: 'GET',
    path: '/readyz',
    handler: readyz,
    docs: {
      tags: ['service'],
      summary: 'Readiness: both gRPC services and their dependencies are reachable',
      responses: { 200: json('Ready.', status), 503: json('Not ready.', status) },
    },
  },
  {
    method: 'GET',
    path: '/openapi.json',
    handler: openApiJson,
    docs: { tags: ['service'], summary: 'This description', responses: { 200: { description: 'OpenAPI 3.', content: { 'application/json': { schema: z.looseObject({}) } } } } },
  },
  {
    method: 'GET',
    path: '/docs',
    aliases: ['/docs/'],
    handler: docsPage,
    docs: { tags: ['service'], summary: 'Swagger UI for this description', responses: { 200: { description: 'HTML.', content: { 'text/html': { schema: z.string() } } } } },
  },
  { method: 'GET', path: '/docs/:asset', handler: docsAsset },
];
