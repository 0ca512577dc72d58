import {
  backoffDelayMs,
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  planRetry,
  resolveRetryPolicy,
} from './retry.js';

const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, maxTotalMs: 5000 };
const plan = (o: Partial<Parameters<typeof planRetry>[0]>) =>
  planRetry({
    policy,
    attempt: 1,
    elapsedMs: 0,
    retryable: true,
    retryAfterMs: null,
    random: 0.5,
    ...o,
  });

describe('retry policy', () => {
  it('backs off exponentially with equal jitter, capped', () => {
    expect(backoffDelayMs(policy, 1, 0)).toBe(50);
    expect(backoffDelayMs(policy, 1, 0.999)).toBe(100);
    expect(backoffDelayMs(policy, 2, 0)).toBe(100);
    expect(backoffDelayMs(policy, 3, 0.5)).toBe(300);
    expect(backoffDelayMs(policy, 10, 0)).toBe(500);
    expect(backoffDelayMs(policy, 10, 0.999)).toBe(1000);
  });

  it('retries only retryable outcomes', () => {
    expect(plan({ retryable: false })).toEqual({ retry: false, why: 'not_retryable' });
    expect(plan({})).toEqual({ retry: true, delayMs: 75 });
  });

  it('stops after maxAttempts', () => {
    expect(plan({ attempt: 3 }).retry).toBe(true);
    expect(plan({ attempt: 4 })).toEqual({ retry: false, why: 'attempts_exhausted' });
    expect(plan({ policy: { ...policy, maxAttempts: 1 } })).toEqual({
      retry: false,
      why: 'attempts_exhausted',
    });
  });

  it('stops when the next attempt would start after maxTotalMs', () => {
    expect(plan({ elapsedMs: 4900 })).toEqual({ retry: true, delayMs: 75 });
    expect(plan({ elapsedMs: 4930 })).toEqual({ retry: false, why: 'time_exhausted' });
  });

  it('honours Retry-After within maxDelayMs and gives up beyond it', () => {
    expect(plan({ retryAfterMs: 800 })).toEqual({ retry: true, delayMs: 800 });
    expect(plan({ retryAfterMs: 10 })).toEqual({ retry: true, delayMs: 75 });
    expect(plan({ retryAfterMs: 2000 })).toEqual({ retry: false, why: 'retry_after_too_long' });
  });

  it('merges overrides and rejects nonsense', () => {
    expect(resolveRetryPolicy(DEFAULT_RETRY_POLICY, { maxAttempts: 1 }).maxAttempts).toBe(1);
    expect(resolveRetryPolicy(DEFAULT_RETRY_POLICY).baseDelayMs).toBe(200);
    expect(() => resolveRetryPolicy(DEFAULT_RETRY_POLICY, { maxAttempts: 0 })).toThrow(RangeError);
    expect(() => resolveRetryPolicy(DEFAULT_RETRY_POLICY, { maxTotalMs: -1 })).toThrow(RangeError);
    expect(() => resolveRetryPolicy(DEFAULT_RETRY_POLICY, { baseDelayMs: NaN })).toThrow(
      RangeError,
    );
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2024-03-01T00:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('Fri, 01 Mar 2024 00:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-1', now)).toBeNull();
  });
});
