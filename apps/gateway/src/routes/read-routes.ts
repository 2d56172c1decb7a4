import { SortOrder, type GetStatsResponse, type InvalidEvent, type ListEventsRequest, type StoredEvent } from '@eye/contracts';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { isJsonText } from '../json-validity';
import { getEventParams, getSessionParams, listErrorsParams, listEventsParams, sessionEventsParams, statsParams } from '../openapi/query-params';
import type { InvalidEventJson, SessionJson, StatsJson, StoredEventJson } from '../openapi/schemas';
import type { GatewayContext } from './context';
import { parseQuery } from './read-params';
import type { RouteHandler } from './route-table';

type EventListParams = z.output<typeof sessionEventsParams> & { session_id?: string };

/** JSON text from a backend, parsed; the text itself if it is not JSON (an event sent as such). */
function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A stored event as the contract shows it (`data` parsed back from its JSON text). */
export function toStoredEventJson(event: StoredEvent): StoredEventJson {
  return {
    id: event.id,
    application: event.application,
    session_id: event.sessionId,
    category: event.category,
    name: event.name,
    data: parseJsonText(event.dataJson) as Record<string, unknown>,
    timestamp: event.timestamp,
    received_at: event.receivedAt,
    ...(event.traceId === undefined ? {} : { trace_id: event.traceId }),
  };
}

/** An invalid event without `raw`, absent fields left out. */
type InvalidEventFields = Omit<InvalidEventJson, 'raw'>;

/**
 * An invalid event as JSON text: its fields, and `raw`, the event exactly as sent, spliced in as
 * the stored text when that is JSON (else as a JSON string). The stored text is never parsed and
 * serialised again: an event nested 30,000 levels deep is under every size limit, and
 * serialising it would overflow the stack.
 */
export function invalidEventJsonText(event: InvalidEvent): string {
  const fields = JSON.stringify(invalidEventFields(event));
  const raw = isJsonText(event.rawJson) ? event.rawJson : JSON.stringify(event.rawJson);
  return `${fields.slice(0, -1)},"raw":${raw}}`;
}

function invalidEventFields(event: InvalidEvent): InvalidEventFields {
  return {
    id: event.id,
    application: event.application,
    received_at: event.receivedAt,
    ...(event.sessionId === undefined ? {} : { session_id: event.sessionId }),
    ...(event.category === undefined ? {} : { category: event.category }),
    ...(event.name === undefined ? {} : { name: event.name }),
    issues: event.issues.map(({ path, code, message }) => ({ path, code, message })) as InvalidEventJson['issues'],
    ...(event.resolvedAt === undefined ? {} : { resolved_at: event.resolvedAt }),
    ...(event.traceId === undefined ? {} : { trace_id: event.traceId }),
  };
}

/** The stats answer, field for field. */
export function toStatsJson(response: GetStatsResponse): StatsJson {
  return {
    from: response.from,
    to: response.to,
    valid: response.valid,
    invalid: response.invalid,
    by_type: response.byType.map(({ category, name, valid, invalid }) => ({ category, name, valid, invalid })),
  };
}

/** The REST list parameters as a ListEvents call (`limit` 0 lets the service apply its default). */
export function toListEventsRequest(params: EventListParams): ListEventsRequest {
  return {
    sessionId: params.session_id,
    category: params.category,
    name: params.name,
    application: params.application,
    from: params.from,
    to: params.to,
    order: params.order === 'desc' ? SortOrder.SORT_ORDER_DESC : SortOrder.SORT_ORDER_ASC,
    limit: params.limit ?? 0,
    cursor: params.cursor,
  };
}

async function sendEventPage({ backends }: GatewayContext, req: Request, res: Response, params: EventListParams): Promise<void> {
  const response = await backends.call(backends.query, backends.query.listEvents, toListEventsRequest(params), req.headers.authorization);
  res.json({ events: response.events.map(toStoredEventJson), next_cursor: response.nextCursor ?? null });
}

/** `GET /v1/events`. */
export const listEvents = (context: GatewayContext): RouteHandler => (req, res) => sendEventPage(context, req, res, parseQuery(listEventsParams, req.query));

/** `GET /v1/events/:id`. */
export const getEvent =
  ({ backends }: GatewayContext): RouteHandler =>
  async (req, res) => {
    const params = parseQuery(getEventParams, req.query);
    const response = await backends.call(backends.query, backends.query.getEvent, { id: String(req.params['id']), application: params.application }, req.headers.authorization);
    if (!response.event) throw new Error('GetEvent answered without an event');
    res.json(toStoredEventJson(response.event));
  };

/** `GET /v1/sessions/:session_id`. */
export const getSession =
  ({ backends }: GatewayContext): RouteHandler =>
  async (req, res) => {
    parseQuery(getSessionParams, req.query);
    const response = await backends.call(backends.query, backends.query.getSession, { sessionId: String(req.params['session_id']) }, req.headers.authorization);
    const summary: SessionJson = {
      session_id: response.sessionId,
      first_seen: response.firstSeen,
      last_seen: response.lastSeen,
      event_count: response.eventCount,
      categories: response.categories,
      applications: response.applications,
    };
    res.json(summary);
  };

/** `GET /v1/sessions/:session_id/events`. */
export const listSessionEvents = (context: GatewayContext): RouteHandler => (req, res) =>
  sendEventPage(context, req, res, { ...parseQuery(sessionEventsParams, req.query), session_id: String(req.params['session_id']) });

/** `GET /v1/errors`: written as text, each event's `raw` spliced in as stored ({@link invalidEventJsonText}). */
export const listErrors =
  ({ backends }: GatewayContext): RouteHandler =>
  async (req, res) => {
    const params = parseQuery(listErrorsParams, req.query);
    const request = { category: params.category, name: params.name, code: params.code, application: params.application, from: params.from, to: params.to, limit: params.limit ?? 0, cursor: params.cursor };
    const response = await backends.call(backends.query, backends.query.listInvalidEvents, request, req.headers.authorization);
    res.type('application/json').send(`{"errors":[${response.errors.map(invalidEventJsonText).join(',')}],"next_cursor":${JSON.stringify(response.nextCursor ?? null)}}`);
  };

/** `GET /v1/stats`. */
export const getStats =
  ({ backends }: GatewayContext): RouteHandler =>
  async (req, res) => {
    const params = parseQuery(statsParams, req.query);
    res.json(toStatsJson(await backends.call(backends.query, backends.query.getStats, { from: params.from, to: params.to }, req.headers.authorization)));
  };
