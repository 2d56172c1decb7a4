import type { GetStatsTimelineResponse, ListEventTypesResponse } from '@eye/contracts';
import { callUnary } from '@eye/rpc';
import type { Request, Router } from 'express';
import type { Backends } from '../backends';
import { eventTypesParams, timelineParams, type EventTypeListJson, type StatsTimelineJson } from '../openapi/explorer-api';
import { parseQuery } from './read-params';

/** The event types as the contract shows them, each schema parsed back from its JSON text. */
export function toEventTypeListJson(response: ListEventTypesResponse): EventTypeListJson {
  return {
    event_types: response.eventTypes.map((type) => ({
      category: type.category,
      name: type.name,
      built_in: type.builtIn,
      schema: JSON.parse(type.schemaJson) as Record<string, unknown>,
    })),
  };
}

/** The timeline, field for field. */
export function toStatsTimelineJson(response: GetStatsTimelineResponse): StatsTimelineJson {
  return {
    from: response.from,
    to: response.to,
    interval_s: response.intervalS,
    buckets: response.buckets.map(({ start, valid, invalid }) => ({ start, valid, invalid })),
  };
}

/** The reads the explorer added: `GET /v1/event-types` and `GET /v1/stats/timeline`, translated to QueryService calls. */
export function registerExplorerApiRoutes(router: Router, backends: Backends): void {
  const { query } = backends;
  const call = (req: Request) => ({ authorization: req.headers.authorization, timeoutMs: backends.timeoutMs });

  router.get('/v1/event-types', async (req, res) => {
    parseQuery(eventTypesParams, req.query);
    res.json(toEventTypeListJson(await callUnary(query, query.listEventTypes, {}, call(req))));
  });

  router.get('/v1/stats/timeline', async (req, res) => {
    const params = parseQuery(timelineParams, req.query);
    res.json(toStatsTimelineJson(await callUnary(query, query.getStatsTimeline, { from: params.from, to: params.to }, call(req))));
  });
}
