// Retry schedule of webhook deliveries. The delay after the n-th failed attempt grows
// threefold from the base (the first retry waits `base`), is capped at 12 hours, and gets
// ±20% jitter so deliveries that failed together (the shop was down) do not come back
// together. With the defaults (base 60 s, 12 attempts) the 11 waits are
// 1m 3m 9m 27m 1h21m 4h03m 12h 12h 12h 12h 12h: about 66 hours, close to three days,
// after which the delivery is dead-lettered (an admin can resend it).

export const BACKOFF_FACTOR = 3;
export const MAX_RETRY_DELAY_MS = 12 * 60 * 60 * 1000;
export const JITTER_RATIO = 0.2;

/** The delay before the next attempt after `failedAttempts` failures (1, 2, …), without jitter. */
export function nominalRetryDelayMs(failedAttempts: number, baseMs: number): number {
  if (!Number.isInteger(failedAttempts) || failedAttempts < 1) {
    throw new RangeError(`failedAttempts must be a positive integer, got ${failedAttempts}`);
  }
  const cap = Math.max(MAX_RETRY_DELAY_MS, baseMs);
  // Math.min before the power could overflow to Infinity for large attempt counts.
  const exponent = Math.min(failedAttempts - 1, 64);
  return Math.min(baseMs * BACKOFF_FACTOR ** exponent, cap);
}

/** The delay with jitter; `random` returns [0, 1) (injected in tests). */
export function retryDelayMs(
  failedAttempts: number,
  baseMs: number,
  random: () => number = Math.random,
): number {
  const nominal = nominalRetryDelayMs(failedAttempts, baseMs);
  const factor = 1 - JITTER_RATIO + 2 * JITTER_RATIO * random();
  return Math.max(1, Math.round(nominal * factor));
}

/** The nominal waits between `maxAttempts` attempts (for docs and operators). */
export function retrySchedule(maxAttempts: number, baseMs: number): number[] {
  return Array.from({ length: Math.max(0, maxAttempts - 1) }, (_, i) =>
    nominalRetryDelayMs(i + 1, baseMs),
  );
}
