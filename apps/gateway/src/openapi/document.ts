import { OpenApiGeneratorV3, OpenAPIRegistry, type ResponseConfig, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { EYE_VERSION } from '@eye/config';
import { CHALLENGE_EVENTS, CTA_CLICK_EXAMPLE, FORM_SUBMIT_EXAMPLE, PAGEVIEW_EXAMPLE } from './examples';
import { EXPLORER_API_PATHS } from './explorer-api';
import { eventIdPath, getEventParams, listErrorsParams, listEventsParams, sessionEventsParams, sessionIdPath, statsParams } from './query-params';
import { accepted, batchInput, errorBody, errorPage, eventInput, eventPage, sessionSummary, stats, storedEvent, validation } from './schemas';
import { z } from './zod';

type OpenApiDocument = ReturnType<OpenApiGeneratorV3['generateDocument']>;

const json = (description: string, schema: z.ZodType): ResponseConfig => ({ description, content: { 'application/json': { schema } } });

const ERROR_RESPONSES = {
  400: 'Bad request (`invalid_json`, `invalid_request` or `invalid_query`).',
  401: '`unauthenticated`: missing, unknown or revoked token.',
  403: '`forbidden`: the token lacks the needed scope.',
  404: '`not_found`.',
  413: '`payload_too_large`: the body is over the limit (default 1 MiB).',
  415: '`unsupported_media_type`: the body is not JSON.',
  429: '`rate_limited`, with `Retry-After`.',
  503: '`unavailable`: the queue or a backend is not reachable, with `Retry-After`; nothing was accepted.',
} as const;

function errors(...statuses: (keyof typeof ERROR_RESPONSES)[]): Record<number, ResponseConfig> {
  return Object.fromEntries(statuses.map((status) => [status, json(ERROR_RESPONSES[status], errorBody)]));
}

const READ_ERRORS = [400, 401, 403, 429, 503] as const;
const WRITE_ERRORS = [400, 401, 403, 413, 415, 429, 503] as const;

function v1(registry: OpenAPIRegistry, route: RouteConfig): void {
  registry.registerPath({ security: [{ bearerAuth: [] }], ...route });
}

function registerWrites(registry: OpenAPIRegistry): void {
  const examples = {
    pageview: { value: PAGEVIEW_EXAMPLE },
    'cta click': { value: CTA_CLICK_EXAMPLE },
    'form submit': { value: FORM_SUBMIT_EXAMPLE },
  };
  v1(registry, {
    method: 'post',
    path: '/v1/events',
    tags: ['events'],
    summary: 'Send one event (`ingest` scope)',
    description: 'Queued durably before the answer; validated afterwards. An invalid event is recorded as an invalid event, never lost.',
    request: { body: { required: true, content: { 'application/json': { schema: eventInput, examples } } } },
    responses: { 202: json('Queued.', accepted), ...errors(...WRITE_ERRORS) },
  });
  v1(registry, {
    method: 'post',
    path: '/v1/events/batch',
    tags: ['events'],
    summary: 'Send 1 to 500 events (`ingest` scope)',
    request: { body: { required: true, content: { 'application/json': { schema: batchInput, examples: { challenge: { value: { events: CHALLENGE_EVENTS } } } } } } },
    responses: { 202: json('All queued; `ids` in the order sent.', accepted), ...errors(...WRITE_ERRORS) },
  });
  v1(registry, {
    method: 'post',
    path: '/v1/events/validate',
    tags: ['events'],
    summary: 'Validate one event without storing it (`ingest` scope)',
    request: { body: { required: true, content: { 'application/json': { schema: eventInput, examples } } } },
    responses: { 200: json('The issues the pipeline would record, if any.', validation), ...errors(...WRITE_ERRORS) },
  });
}

function registerReads(registry: OpenAPIRegistry): void {
  v1(registry, {
    method: 'get',
    path: '/v1/events',
    tags: ['reads'],
    summary: 'List stored events (`query` scope)',
    description: 'Filters AND together. Keyset pages: paging to the end returns every event that matched when paging began exactly once, also while events arrive.',
    request: { query: listEventsParams },
    responses: { 200: json('One page.', eventPage), ...errors(...READ_ERRORS) },
  });
  v1(registry, {
    method: 'get',
    path: '/v1/events/{id}',
    tags: ['reads'],
    summary: 'One stored event (`query` scope)',
    request: { params: eventIdPath, query: getEventParams },
    responses: { 200: json('The event.', storedEvent), ...errors(...READ_ERRORS, 404) },
  });
  v1(registry, {
    method: 'get',
    path: '/v1/sessions/{session_id}',
    tags: ['reads'],
    summary: 'A session summary over its valid events (`query` scope)',
    request: { params: sessionIdPath },
    responses: { 200: json('The summary.', sessionSummary), ...errors(...READ_ERRORS, 404) },
  });
  v1(registry, {
    method: 'get',
    path: '/v1/sessions/{session_id}/events',
    tags: ['reads'],
    summary: "A session's events in time order (`query` scope)",
    description: 'Ordered and paged like `/v1/events`; an unknown session gives an empty list.',
    request: { params: sessionIdPath, query: sessionEventsParams },
    responses: { 200: json('One page.', eventPage), ...errors(...READ_ERRORS) },
  });
  v1(registry, {
    method: 'get',
    path: '/v1/errors',
    tags: ['reads'],
    summary: 'List invalid events, newest first (`query` scope)',
    request: { query: listErrorsParams },
    responses: { 200: json('One page.', errorPage), ...errors(...READ_ERRORS) },
  });
  v1(registry, {
    method: 'get',
    path: '/v1/stats',
    tags: ['reads'],
    summary: 'What was received in a window (`query` scope)',
    description: 'Counts by received time, `from` inclusive, `to` exclusive. Default window: the 24 hours up to now.',
    request: { query: statsParams },
    responses: { 200: json('Counts.', stats), ...errors(...READ_ERRORS) },
  });
}

function registerServiceEndpoints(registry: OpenAPIRegistry): void {
  const status = z.object({ status: z.string() });
  const plain = (path: string, summary: string, responses: RouteConfig['responses']) =>
    registry.registerPath({ method: 'get', path, tags: ['service'], summary, responses });
  plain('/healthz', 'Liveness: 200 while the process lives', { 200: json('Alive.', status) });
  plain('/readyz', 'Readiness: both gRPC services and their dependencies are reachable', { 200: json('Ready.', status), 503: json('Not ready.', status) });
  plain('/metrics', 'Prometheus metrics', { 200: { description: 'Prometheus text format.', content: { 'text/plain': { schema: z.string() } } } });
  plain('/openapi.json', 'This description', { 200: { description: 'OpenAPI 3.', content: { 'application/json': { schema: z.looseObject({}) } } } });
  plain('/docs', 'Swagger UI for this description', { 200: { description: 'HTML.', content: { 'text/html': { schema: z.string() } } } });
}

/** The OpenAPI 3 description of the REST contract, generated from the gateway's zod schemas. */
export function openApiDocument(): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'An application token (`npm run eye -- apps create <name> --scopes ingest,query`).',
  });
  registerWrites(registry);
  registerReads(registry);
  for (const route of EXPLORER_API_PATHS) registry.registerPath(route);
  registerServiceEndpoints(registry);
  return new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: '3.0.3',
    info: {
      title: 'The Eye',
      version: EYE_VERSION,
      description: 'Collects user-behaviour events from trusted applications, validates them, and serves them back. Every error is `{"error": {"code", "message", "details"?}}`.',
    },
    tags: [
      { name: 'events', description: 'Sending events' },
      { name: 'reads', description: 'Reading events, sessions, invalid events and stats' },
      { name: 'service', description: 'Health, metrics and this description' },
    ],
  });
}
