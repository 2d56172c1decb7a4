import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  let now = 0;
  const limiter = () => new RateLimiter(() => now);
  beforeEach(() => (now = 0));

  it('lets a burst through, then refuses until the bucket refills, saying when', () => {
    const limits = limiter();
    const limit = { eventsPerSecond: 2, burst: 4 };
    for (let i = 0; i < 4; i++) expect(limits.take('shop', limit, 1)).toEqual({ allowed: true });
    expect(limits.take('shop', limit, 1)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now += 500;
    expect(limits.take('shop', limit, 1)).toEqual({ allowed: true });
    expect(limits.take('shop', limit, 3)).toEqual({ allowed: false, retryAfterSeconds: 2 });
  });

  it('keeps applications apart', () => {
    const limits = limiter();
    const limit = { eventsPerSecond: 1, burst: 1 };
    expect(limits.take('shop', limit, 1).allowed).toBe(true);
    expect(limits.take('blog', limit, 1).allowed).toBe(true);
    expect(limits.take('shop', limit, 1).allowed).toBe(false);
  });

  it('takes a batch larger than the burst from a full bucket, and makes the application wait it off', () => {
    const limits = limiter();
    const limit = { eventsPerSecond: 10, burst: 10 };
    expect(limits.take('shop', limit, 100)).toEqual({ allowed: true });
    expect(limits.take('shop', limit, 1)).toEqual({ allowed: false, retryAfterSeconds: 10 });
    now += 10_000;
    expect(limits.take('shop', limit, 1)).toEqual({ allowed: true });
  });
});
