import type { Principal } from '@eye/auth';
import { hasErrorCode, isDeadlineExceeded } from '@eye/rpc';
import { MAX_EVENTS_PER_BATCH } from '@eye/validators';
import type { Backends } from './backends';
import type { GatewayMetrics } from './gateway-metrics';
import { HttpError } from './http-errors';
import { PublishCoalescer } from './publish-coalescer';
import type { RateLimits } from './shared-rate-limits';

/** PublishEvents calls in flight at once per application; more concurrent requests are coalesced. */
const PUBLISH_CALLS_IN_FLIGHT = 8;
/** Bytes of events per call: half of gRPC's 8 MiB message limit, so framing can never push a call over it. */
export const MAX_CALL_BYTES = 4 * 1024 * 1024;
/** Requests and bytes waiting per application for a call; past either, 503 with Retry-After. */
const MAX_WAITING_REQUESTS = 1_000;
const MAX_WAITING_BYTES = 32 * 1024 * 1024;

/** Publishes a request's events for its application: the rate limit first, then a coalesced call. */
export interface EventPublisher {
  /**
   * Resolves with the events' ids once JetStream acknowledged them all.
   * @throws HttpError `rate_limited` (with its Retry-After) or `unavailable` when the
   *   application's waiting list is full; RemoteCallError from ingest.
   */
  publish(principal: Principal, authorization: string, eventsJson: string[]): Promise<string[]>;
}

export function createEventPublisher(backends: Backends, metrics: GatewayMetrics, limits: RateLimits): EventPublisher {
  const coalescer = new PublishCoalescer({
    send: async (authorization, eventsJson) => (await backends.call(backends.ingest, backends.ingest.publishEvents, { eventsJson }, authorization)).ids,
    maxEventsPerCall: MAX_EVENTS_PER_BATCH,
    maxBytesPerCall: MAX_CALL_BYTES,
    maxCallsInFlight: PUBLISH_CALLS_IN_FLIGHT,
    maxWaitingRequests: MAX_WAITING_REQUESTS,
    maxWaitingBytes: MAX_WAITING_BYTES,
    waitingListFull: () => {
      metrics.publishWaitingFull.inc();
      return new HttpError('unavailable', 'too many requests of this application are waiting to be queued; retry shortly');
    },
    // One request's event refused, or a queue that failed part-way: each request is answered on
    // its own. Not after a deadline: sending every request again would double the wait.
    sendAloneAfter: (error) =>
      hasErrorCode(error) && (error.code === 'payload_too_large' || error.code === 'invalid_request' || (error.code === 'unavailable' && !isDeadlineExceeded(error))),
  });
  return {
    publish: async (principal, authorization, eventsJson) => {
      if (principal.rateLimit) {
        const decision = await limits.take(principal.application, principal.rateLimit, eventsJson.length);
        if (!decision.allowed) {
          metrics.rateLimitedRequests.inc({ application: principal.application });
          metrics.rateLimitedEvents.inc({ application: principal.application }, eventsJson.length);
          const { eventsPerSecond, burst } = principal.rateLimit;
          throw new HttpError('rate_limited', `over this application's rate limit of ${eventsPerSecond} events per second (burst ${burst}); retry after ${decision.retryAfterSeconds} s`, undefined, {
            retryAfterSeconds: decision.retryAfterSeconds,
          });
        }
      }
      return coalescer.publish({ lane: principal.applicationId, authorization, eventsJson });
    },
  };
}
