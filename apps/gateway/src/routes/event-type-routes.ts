import type { ListEventTypesResponse } from '@eye/contracts';
import { callUnary } from '@eye/rpc';
import type { Router } from 'express';
import type { Backends } from '../backends';
import { eventTypesParams, type EventTypeListJson } from '../openapi/explorer-api';
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

/** `GET /v1/event-types`: translated to `QueryService.ListEventTypes`. */
export function registerEventTypeRoutes(router: Router, backends: Backends): void {
  const { query } = backends;
  router.get('/v1/event-types', async (req, res) => {
    parseQuery(eventTypesParams, req.query);
    const response = await callUnary(query, query.listEventTypes, {}, { authorization: req.headers.authorization, timeoutMs: backends.timeoutMs });
    res.json(toEventTypeListJson(response));
  });
}
