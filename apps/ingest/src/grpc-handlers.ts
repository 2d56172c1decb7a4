import type { Authenticator } from '@eye/auth';
import type { AuthServiceServer, IngestServiceServer } from '@eye/contracts';
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
  const options = callOptions('eye.v1.IngestService', metrics, logger);
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

/**
 * `eye.v1.AuthService`: which application a token belongs to, for the gateway, which checks tokens
 * (from its own cache) before it reads a request body. Needs no scope.
 */
export function authHandlers(auth: Authenticator, metrics: IngestMetrics, logger: Logger): AuthServiceServer {
  const options = callOptions('eye.v1.AuthService', metrics, logger);
  return {
    authenticate: unary(options('Authenticate'), async ({ metadata }) => {
      const principal = await auth.authenticate(authorizationFrom(metadata));
      return {
        applicationId: principal.applicationId,
        application: principal.application,
        scopes: [...principal.scopes],
        rateLimit: principal.rateLimit ?? undefined,
      };
    }),
  };
}

/** Counted, timed and logged as one line per call (method, status, duration; never the token or the events). */
function callOptions(service: string, metrics: IngestMetrics, logger: Logger) {
  return (name: string): UnaryOptions => ({
    method: `/${service}/${name}`,
    onUnexpectedError: (error, method) => logger.error({ err: error, method }, 'unexpected error'),
    onDone: ({ method, status, seconds }) => {
      metrics.requests.observe({ route: method, method: 'grpc', status }, seconds);
      logger.info({ method, status, duration_ms: Math.round(seconds * 1000) }, 'call');
    },
  });
}
