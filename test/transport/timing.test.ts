import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/transport/backoff.js';
import { parseRetryAfter, retryAfterFromHeaders } from '../../src/transport/retry-after.js';

describe('backoffDelay', () => {
  const options = { baseDelayMs: 300, maxDelayMs: 20_000 };
  it('grows exponentially under full jitter', () => {
    expect(backoffDelay(1, options, () => 1)).toBe(300);
    expect(backoffDelay(2, options, () => 1)).toBe(600);
    expect(backoffDelay(4, options, () => 1)).toBe(2400);
    expect(backoffDelay(3, options, () => 0.5)).toBe(600);
    expect(backoffDelay(3, options, () => 0)).toBe(0);
  });
  it('is capped', () => {
    expect(backoffDelay(30, options, () => 1)).toBe(20_000);
  });
});

describe('Retry-After', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('5')).toBe(5000);
    expect(parseRetryAfter('0.5')).toBe(500);
  });
  it('reads an HTTP-date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:10 GMT', now)).toBe(0);
  });
  it('ignores garbage', () => {
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
  it('falls back to X-RateLimit-Reset', () => {
    const now = 1_000_000_000_000;
    expect(retryAfterFromHeaders(new Headers({ 'x-ratelimit-reset': String(now / 1000 + 7) }), now)).toBe(7000);
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': '3', 'x-ratelimit-reset': '1' }), now)).toBe(3000);
  });
});
