import type { Authenticator } from '@eye/auth';
import type { IngestServiceServer } from '@eye/contracts';
import { authorizationFrom, unary, type UnaryOptions } from '@eye/rpc';
import type { Logger } from '@eye/telemetry';
import type { IngestService } from './ingest-service';
import type { IngestMetrics } from './metrics';

/**
 * The gRPC face of the ingest service: authenticate (scope `ingest`), then delegate. Every call
 * is counted and timed in `metrics` and logged as one line (method, status, duration; never the
 * token or the events).
 */
export function ingestHandlers(service: IngestService, auth: Authenticator, metrics: IngestMetrics, logger: Logger): IngestServiceServer {
  const options = (name: string): UnaryOptions => ({
    method: `/eye.v1.IngestService/${name}`,
    onUnexpectedError: (error, method) => logger.error({ err: error, method }, 'unexpected error'),
    onDone: ({ method, status, seconds }) => {
      metrics.requests.observe({ route: method, method: 'grpc', status }, seconds);
      logger.info({ method, status, duration_ms: Math.round(seconds * 1000) }, 'call');
    },
  });
  return {
    publishEvents: unary(options('PublishEvents'), async ({ request, metadata }) => {
      const principal = await auth.authenticate(authorizationFrom(metadata), 'ingest');
      const ids = await service.accept(principal, request.eventsJson);
      metrics.eventsAccepted.inc({ application: principal.application }, ids.length);
      return { ids };
    }),
    validateEvent: unary(options('ValidateEvent'), async ({ request, metadata }) => {
      await auth.authenticate(authorizationFrom(metadata), 'ingest');
      const outcome = service.validate(request.eventJson);
      return outcome.valid ? { valid: true, issues: [] } : { valid: false, issues: outcome.issues };
    }),
  };
}
