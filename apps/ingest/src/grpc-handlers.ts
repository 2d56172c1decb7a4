import type { Authenticator } from '@eye/auth';
import type { IngestServiceServer } from '@eye/contracts';
import { authorizationFrom, unary, type UnaryOptions, type UnexpectedErrorListener } from '@eye/rpc';
import type { IngestService } from './ingest-service';
import type { IngestMetrics } from './metrics';

/** The gRPC face of the ingest service: authenticate (scope `ingest`), then delegate. */
export function ingestHandlers(
  service: IngestService,
  auth: Authenticator,
  metrics: IngestMetrics,
  onUnexpectedError: UnexpectedErrorListener,
): IngestServiceServer {
  const options = (name: string): UnaryOptions => ({
    method: `/eye.v1.IngestService/${name}`,
    onUnexpectedError,
    onDone: ({ method, status, seconds }) => metrics.requests.observe({ route: method, method: 'grpc', status }, seconds),
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
