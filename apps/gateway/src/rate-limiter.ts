import type { RateLimit } from '@eye/auth';
import { LRUCache } from 'lru-cache';

/** The answer of {@link RateLimiter.take}: allowed, or how long to wait. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/**
 * Per-application token buckets: `burst` events at most, refilled at `eventsPerSecond`. A request
 * of n events passes when the bucket holds min(n, burst) tokens and then takes all n (the bucket
 * may go below zero), so a batch larger than the burst is not refused forever; it only costs its
 * events. A refused request takes nothing and is told when enough will have refilled.
 */
export class RateLimiter {
  private readonly buckets = new LRUCache<string, Bucket>({ max: 100_000 });

  constructor(private readonly now: () => number = () => performance.now()) {}

  take(application: string, limit: RateLimit, events: number): RateDecision {
    const now = this.now();
    const bucket = this.buckets.get(application) ?? { tokens: limit.burst, updatedMs: now };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.updatedMs) / 1000) * limit.eventsPerSecond);
    bucket.updatedMs = now;
    this.buckets.set(application, bucket);
    const needed = Math.min(events, limit.burst);
    if (bucket.tokens >= needed) {
      bucket.tokens -= events;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((needed - bucket.tokens) / limit.eventsPerSecond)) };
  }
}
