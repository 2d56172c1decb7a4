import { backoffDelay, DEFAULT_RETRY_POLICY, isRetryableStatus, MAX_RETRY_AFTER_MS, parseRetryAfter, retryDelay } from './retry';

describe('backoffDelay', () => {
  const policy = { baseMs: 100, maxMs: 1_000 };

  it('doubles its cap per retry up to maxMs, and full jitter spans [0, cap)', () => {
    const caps = [1, 2, 3, 4, 5, 6].map((retry) => backoffDelay(retry, policy, () => 0.999_999));
    expect(caps).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(200);
  });

  it('stays within its cap for random draws', () => {
    for (let i = 0; i < 1_000; i++) {
      const delay = backoffDelay(4, policy);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(800);
    }
  });

  it('has defaults that give up after at most 91.5 s of backoff', () => {
    const retries = Array.from({ length: DEFAULT_RETRY_POLICY.maxRetries }, (_, i) => i + 1);
    const worst = retries.reduce((sum, retry) => sum + backoffDelay(retry, DEFAULT_RETRY_POLICY, () => 1), 0);
    expect(worst).toBe(91_500);
  });
});

describe('retryDelay', () => {
  const policy = { baseMs: 100, maxMs: 1_000 };

  it('waits at least Retry-After, and the backoff when that is longer', () => {
    expect(retryDelay(1, policy, 2_000, () => 0.5)).toBe(2_000);
    expect(retryDelay(5, policy, 10, () => 0.5)).toBe(500);
    expect(retryDelay(1, policy, undefined, () => 0.5)).toBe(50);
  });

  it('caps a nonsense Retry-After', () => {
    expect(retryDelay(1, policy, 10 * 24 * 3_600_000, () => 0)).toBe(MAX_RETRY_AFTER_MS);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('2', now)).toBe(2_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1_500);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    for (const value of [null, undefined, '', '-1', 'soon', '2s', '1e3']) {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    }
  });
});

describe('isRetryableStatus', () => {
  it('retries 408, 429 and 5xx, never another 4xx', () => {
    expect([408, 429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 405, 413, 415, 422].some(isRetryableStatus)).toBe(false);
  });
});
