import type { GetStatsTimelineResponse, ListEventTypesResponse } from '@eye/contracts';
import { eventTypesParams, timelineParams, type EventTypeListJson, type StatsTimelineJson } from '../openapi/explorer-api';
import type { GatewayContext } from './context';
import { parseQuery } from './read-params';
import type { RouteHandler } from './route-table';

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

/** `GET /v1/event-types`: QueryService.ListEventTypes. */
export function listEventTypes(context: GatewayContext): RouteHandler {
  const { backends } = context;
  return async (req, res) => {
    parseQuery(eventTypesParams, req.query);
    res.json(toEventTypeListJson(await backends.call(backends.query, backends.query.listEventTypes, {}, req.headers.authorization)));
  };
}

/** `GET /v1/stats/timeline`: QueryService.GetStatsTimeline. */
export function getStatsTimeline(context: GatewayContext): RouteHandler {
  const { backends } = context;
  return async (req, res) => {
    const params = parseQuery(timelineParams, req.query);
    res.json(toStatsTimelineJson(await backends.call(backends.query, backends.query.getStatsTimeline, { from: params.from, to: params.to }, req.headers.authorization)));
  };
}
