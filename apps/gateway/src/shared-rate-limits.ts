import type { RateLimit } from '@eye/auth';
import type { Logger } from '@eye/telemetry';
import cluster from 'node:cluster';
import { RateLimiter, type RateDecision } from './rate-limiter';

/** Takes a request's events from its application's bucket. */
export interface RateLimits {
  take(application: string, limit: RateLimit, events: number): Promise<RateDecision>;
}

const TAKE = 'eye.gateway.rate-limit.take';
const DECIDED = 'eye.gateway.rate-limit.decided';

interface TakeMessage {
  type: typeof TAKE;
  id: number;
  application: string;
  limit: RateLimit;
  events: number;
}

interface DecidedMessage {
  type: typeof DECIDED;
  id: number;
  decision: RateDecision;
}

/** How long a worker waits for the primary's decision before letting the request through. */
const PRIMARY_ANSWER_TIMEOUT_MS = 1_000;

/** The buckets of this process alone: the gateway as one process. */
export function localRateLimits(limiter = new RateLimiter()): RateLimits {
  return { take: async (application, limit, events) => limiter.take(application, limit, events) };
}

/**
 * In the primary of several gateway workers: the one set of buckets every worker takes from, so an
 * application's limit holds for the gateway as a whole, whichever workers its connections land on.
 */
export function serveRateLimits(limiter = new RateLimiter()): void {
  cluster.on('message', (worker, message: unknown) => {
    if (!isMessage<TakeMessage>(message, TAKE) || !worker.isConnected()) return;
    const reply: DecidedMessage = { type: DECIDED, id: message.id, decision: limiter.take(message.application, message.limit, message.events) };
    worker.send(reply);
  });
}

/**
 * In a worker: asks the primary (see {@link serveRateLimits}). Should the primary not answer in
 * time, the request passes: a limit is a fairness bound, and refusing every request because the
 * primary is busy would be an outage of its own.
 */
export function primaryRateLimits(logger: Logger): RateLimits {
  const waiting = new Map<number, (decision: RateDecision) => void>();
  let nextId = 0;
  process.on('message', (message: unknown) => {
    if (!isMessage<DecidedMessage>(message, DECIDED)) return;
    waiting.get(message.id)?.(message.decision);
  });
  return {
    take: (application, limit, events) =>
      new Promise((resolve) => {
        const id = nextId++;
        const timer = setTimeout(() => {
          logger.warn({ application, timeout_ms: PRIMARY_ANSWER_TIMEOUT_MS }, 'no rate-limit decision from the gateway primary; letting the request through');
          settle({ allowed: true });
        }, PRIMARY_ANSWER_TIMEOUT_MS);
        const settle = (decision: RateDecision) => {
          clearTimeout(timer);
          waiting.delete(id);
          resolve(decision);
        };
        waiting.set(id, settle);
        const request: TakeMessage = { type: TAKE, id, application, limit, events };
        process.send?.(request);
      }),
  };
}

function isMessage<T extends { type: string }>(message: unknown, type: T['type']): message is T {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type;
}
