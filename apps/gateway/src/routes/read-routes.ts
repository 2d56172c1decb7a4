import { SortOrder, type GetStatsResponse, type InvalidEvent, type ListEventsRequest, type StoredEvent } from '@eye/contracts';
import { callUnary, type CallOptions } from '@eye/rpc';
import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import type { Backends } from '../backends';
import { HttpError } from '../http-errors';
import { getEventParams, getSessionParams, listErrorsParams, listEventsParams, sessionEventsParams, statsParams } from '../openapi/query-params';
import type { InvalidEventJson, SessionJson, StatsJson, StoredEventJson } from '../openapi/schemas';
import { parseQuery } from './read-params';

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

/** An invalid event; `raw` is the event exactly as sent, parsed, and absent fields are left out. */
export function toInvalidEventJson(event: InvalidEvent): InvalidEventJson {
  return {
    id: event.id,
    application: event.application,
    received_at: event.receivedAt,
    ...(event.sessionId === undefined ? {} : { session_id: event.sessionId }),
    ...(event.category === undefined ? {} : { category: event.category }),
    ...(event.name === undefined ? {} : { name: event.name }),
    issues: event.issues.map(({ path, code, message }) => ({ path, code, message })) as InvalidEventJson['issues'],
    raw: parseJsonText(event.rawJson),
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

/** GET /v1/events, /v1/events/{id}, /v1/sessions/..., /v1/errors and /v1/stats: translated to QueryService calls. */
export function registerReadRoutes(router: Router, backends: Backends): void {
  const { query } = backends;
  // Before any route with a path parameter: express would fail to decode it and answer 500.
  router.use((req, _res, next) => {
    try {
      decodeURIComponent(req.path);
      next();
    } catch {
      next(new HttpError('not_found', 'nothing here: the path is not valid percent-encoding'));
    }
  });
  const call = (req: Request): CallOptions => ({ authorization: req.headers.authorization, timeoutMs: backends.timeoutMs });
  const listEvents = async (req: Request, res: Response, params: EventListParams) => {
    const response = await callUnary(query, query.listEvents, toListEventsRequest(params), call(req));
    res.json({ events: response.events.map(toStoredEventJson), next_cursor: response.nextCursor ?? null });
  };

  router.get('/v1/events', (req, res) => listEvents(req, res, parseQuery(listEventsParams, req.query)));

  router.get('/v1/events/:id', async (req, res) => {
    const params = parseQuery(getEventParams, req.query);
    const response = await callUnary(query, query.getEvent, { id: String(req.params['id']), application: params.application }, call(req));
    if (!response.event) throw new Error('GetEvent answered without an event');
    res.json(toStoredEventJson(response.event));
  });

  router.get('/v1/sessions/:sessionId', async (req, res) => {
    parseQuery(getSessionParams, req.query);
    const response = await callUnary(query, query.getSession, { sessionId: String(req.params['sessionId']) }, call(req));
    const summary: SessionJson = {
      session_id: response.sessionId,
      first_seen: response.firstSeen,
      last_seen: response.lastSeen,
      event_count: response.eventCount,
      categories: response.categories,
      applications: response.applications,
    };
    res.json(summary);
  });

  router.get('/v1/sessions/:sessionId/events', (req, res) =>
    listEvents(req, res, { ...parseQuery(sessionEventsParams, req.query), session_id: String(req.params['sessionId']) }),
  );

  router.get('/v1/errors', async (req, res) => {
    const params = parseQuery(listErrorsParams, req.query);
    const request = { category: params.category, name: params.name, code: params.code, application: params.application, from: params.from, to: params.to, limit: params.limit ?? 0, cursor: params.cursor };
    const response = await callUnary(query, query.listInvalidEvents, request, call(req));
    res.json({ errors: response.errors.map(toInvalidEventJson), next_cursor: response.nextCursor ?? null });
  });

  router.get('/v1/stats', async (req, res) => {
    const params = parseQuery(statsParams, req.query);
    res.json(toStatsJson(await callUnary(query, query.getStats, { from: params.from, to: params.to }, call(req))));
  });
}
