// Retries: only `retryable` outcomes (nothing was processed, or DOKU asked us to come back),
// with exponential backoff and jitter, bounded in count and in total time. `unknown` is
// never retried here: for money-moving calls the caller decides, usually by querying.

export interface RetryPolicy {
  /** Attempts in all, the first included (1 = never retry). */
  maxAttempts: number;
  /** Delay before the first retry, before jitter (ms). */
  baseDelayMs: number;
  /** Cap on one delay (ms). A Retry-After longer than this ends the retries. */
  maxDelayMs: number;
  /** No retry starts when it would begin later than this after the first attempt (ms). */
  maxTotalMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 3,
  baseDelayMs: 200,
  maxDelayMs: 3000,
  maxTotalMs: 10000,
});

/** Merges overrides into a policy and rejects nonsense (a programmer error: throws). */
export function resolveRetryPolicy(
  base: Readonly<RetryPolicy>,
  override?: Partial<RetryPolicy>,
): RetryPolicy {
  const policy = { ...base, ...override };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1 || policy.maxAttempts > 20) {
    throw new RangeError('retry.maxAttempts must be an integer from 1 to 20');
  }
  for (const key of ['baseDelayMs', 'maxDelayMs', 'maxTotalMs'] as const) {
    if (!Number.isFinite(policy[key]) || policy[key] < 0) {
      throw new RangeError(`retry.${key} must be a non-negative number of milliseconds`);
    }
  }
  return policy;
}

/**
 * Delay before retry number `retry` (1 = first retry): "equal jitter" over an exponential
 * step, so a burst of callers spreads out yet none retries at once. `random` is in [0, 1).
 */
export function backoffDelayMs(policy: RetryPolicy, retry: number, random: number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(step / 2 + (random * step) / 2);
}

export type RetryDecision =
  | { retry: true; delayMs: number }
  | {
      retry: false;
      why: 'not_retryable' | 'attempts_exhausted' | 'time_exhausted' | 'retry_after_too_long';
    };

/** Decides whether attempt `attempt` (1-based, just finished) is followed by another. */
export function planRetry(input: {
  policy: RetryPolicy;
  attempt: number;
  elapsedMs: number;
  retryable: boolean;
  retryAfterMs: number | null;
  random: number;
}): RetryDecision {
  const { policy, attempt } = input;
  if (!input.retryable) return { retry: false, why: 'not_retryable' };
  if (attempt >= policy.maxAttempts) return { retry: false, why: 'attempts_exhausted' };
  let delayMs = backoffDelayMs(policy, attempt, input.random);
  if (input.retryAfterMs !== null) {
    if (input.retryAfterMs > policy.maxDelayMs)
      return { retry: false, why: 'retry_after_too_long' };
    delayMs = Math.max(delayMs, input.retryAfterMs);
  }
  if (input.elapsedMs + delayMs >= policy.maxTotalMs)
    return { retry: false, why: 'time_exhausted' };
  return { retry: true, delayMs };
}

/** Retry-After as delta-seconds or an HTTP date -> ms from now; null when absent or garbled. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (/^\d{1,6}$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at) || !/[a-z]/i.test(text)) return null;
  return Math.max(0, at - nowMs);
}
