import type { Authenticator } from '@eye/auth';
import type { QueryServiceServer } from '@eye/contracts';
import { authorizationFrom, unary, type UnaryOptions } from '@eye/rpc';
import type { Logger } from '@eye/telemetry';
import { eventListQuery, invalidEventListQuery, requiredText, statsWindow, text } from './from-wire';
import type { QueryMetrics } from './metrics';
import type { QueryService } from './query-service';
import { toEventTypeInfo, toInvalidEvent, toSessionResponse, toStatsResponse, toStoredEvent, toTimelineResponse } from './to-wire';

/**
 * The gRPC face of the query service: authenticate (scope `query`), translate the request,
 * delegate, translate the answer. Errors become statuses once, in `unary`. Every call is counted
 * and timed in `metrics` and logged as one line (method, status, duration; never the token).
 */
export function queryHandlers(service: QueryService, auth: Authenticator, metrics: QueryMetrics, logger: Logger): QueryServiceServer {
  const options = (name: string): UnaryOptions => ({
    method: `/eye.v1.QueryService/${name}`,
    onUnexpectedError: (error, method) => logger.error({ err: error, method }, 'unexpected error'),
    onDone: ({ method, status, seconds }) => {
      metrics.requests.observe({ route: method, method: 'grpc', status }, seconds);
      logger.info({ method, status, duration_ms: Math.round(seconds * 1000) }, 'call');
    },
  });
  return {
    listEvents: unary(options('ListEvents'), async ({ request, metadata }) => {
      await auth.authenticate(authorizationFrom(metadata), 'query');
      const page = await service.listEvents(eventListQuery(request));
      metrics.itemsReturned.inc({ method: 'ListEvents' }, page.items.length);
      return { events: page.items.map(toStoredEvent), nextCursor: page.nextCursor ?? undefined };
    }),
    getEvent: unary(options('GetEvent'), async ({ request, metadata }) => {
      const principal = await auth.authenticate(authorizationFrom(metadata), 'query');
      const event = await service.getEvent(principal, requiredText('id', request.id), text('application', request.application));
      return { event: toStoredEvent(event) };
    }),
    getSession: unary(options('GetSession'), async ({ request, metadata }) => {
      await auth.authenticate(authorizationFrom(metadata), 'query');
      return toSessionResponse(await service.getSession(requiredText('session_id', request.sessionId)));
    }),
    listInvalidEvents: unary(options('ListInvalidEvents'), async ({ request, metadata }) => {
      await auth.authenticate(authorizationFrom(metadata), 'query');
      const page = await service.listInvalidEvents(invalidEventListQuery(request));
      metrics.itemsReturned.inc({ method: 'ListInvalidEvents' }, page.items.length);
      return { errors: page.items.map(toInvalidEvent), nextCursor: page.nextCursor ?? undefined };
    }),
    getStats: unary(options('GetStats'), async ({ request, metadata }) => {
      await auth.authenticate(authorizationFrom(metadata), 'query');
      const { window, stats } = await service.stats(statsWindow(request));
      return toStatsResponse(window, stats);
    }),
    getStatsTimeline: unary(options('GetStatsTimeline'), async ({ request, metadata }) => {
      await auth.authenticate(authorizationFrom(metadata), 'query');
      return toTimelineResponse(await service.timeline(statsWindow(request)));
    }),
    listEventTypes: unary(options('ListEventTypes'), async ({ metadata }) => {
      await auth.authenticate(authorizationFrom(metadata), 'query');
      return { eventTypes: (await service.eventTypes()).map(toEventTypeInfo) };
    }),
  };
}
