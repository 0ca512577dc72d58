// When the reconciler next looks at an order. Pure: the clock (`now`) and randomness are
// arguments. The first polls are set at creation (orders/domain/poll-schedule.ts); from
// then on every next poll comes from here. Times are Dates, durations milliseconds.
import { CREATING_GRACE_MS, FIRST_POLL_DELAY_MS } from '../../orders/domain/poll-schedule.js';

export { CREATING_GRACE_MS, FIRST_POLL_DELAY_MS };

/** While the QR is valid: a poll every quarter of the order's age, from 5 s up to 60 s. */
export const DENSE_MIN_MS = FIRST_POLL_DELAY_MS;
export const DENSE_CAP_MS = 60_000;
export const DENSE_AGE_FACTOR = 0.25;

/** After EXPIRED: sparse polls for a late payment, doubling from 1 min to 4 h, for 24 h. */
export const LATE_WINDOW_MS = 24 * 3600_000;
export const LATE_FIRST_MS = 60_000;
export const LATE_CAP_MS = 4 * 3600_000;

/** DOKU asks that a status query come at least this long after the payment. */
export const CONFIRMATION_DELAY_MS = 60_000;
/** A confirmation that keeps failing is retried this long after the payment, then given up. */
export const CONFIRMATION_WINDOW_MS = 24 * 3600_000;
export const CONFIRMATION_RETRY_MIN_MS = 30_000;
export const CONFIRMATION_RETRY_CAP_MS = 10 * 60_000;

/** A CREATING order that DOKU does not know is FAILED only once it is at least this old. */
export const CREATING_NOT_FOUND_GRACE_MS = 120_000;

/** After DOKU refused a cancel (the QR was paid meanwhile): look again this soon. */
export const REQUERY_DELAY_MS = 1_000;

/** Error retries are spread by up to this share of their delay. */
export const ERROR_JITTER = 0.2;

const at = (ms: number) => new Date(ms);
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Delay between two polls of an open order of age `ageMs`: grows with age, capped. */
export function densePollDelayMs(ageMs: number): number {
  return clamp(ageMs * DENSE_AGE_FACTOR, DENSE_MIN_MS, DENSE_CAP_MS);
}

/**
 * Next poll of a PENDING order. Never later than its expiry, so that the last query
 * happens when the QR stops being payable; after expiry (only reached on errors) the
 * dense delay goes on.
 */
export function nextPendingPollAt(createdAt: Date, expiresAt: Date, now: Date): Date {
  const next = now.getTime() + densePollDelayMs(now.getTime() - createdAt.getTime());
  return now < expiresAt ? at(Math.min(next, expiresAt.getTime())) : at(next);
}

/**
 * The longest a generate call may still be running after the order row was written. A
 * CREATING order is left alone until then: querying earlier could cancel a QR the
 * creating request is about to hand out.
 */
export function creatingSettledAt(createdAt: Date, generateInFlightMs: number): Date {
  return at(createdAt.getTime() + Math.max(CREATING_GRACE_MS, generateInFlightMs));
}

/** Whether DOKU's "not found" for a CREATING order is final: the request cannot land any more. */
export function creatingNotFoundIsFinal(
  createdAt: Date,
  now: Date,
  generateInFlightMs: number,
): boolean {
  const grace = Math.max(CREATING_NOT_FOUND_GRACE_MS, generateInFlightMs + 60_000);
  return now.getTime() - createdAt.getTime() >= grace;
}

/** Next poll of a CREATING order whose outcome is still open. */
export function nextCreatingPollAt(createdAt: Date, now: Date): Date {
  return at(now.getTime() + densePollDelayMs(now.getTime() - createdAt.getTime()));
}

/**
 * Next late-payment poll of an order that expired at `expiresAt`: 1 min, 2, 4, 8 ... up to
 * 4 h apart, the last one exactly 24 h after expiry; null once that one is done.
 */
export function latePollAt(expiresAt: Date, now: Date): Date | null {
  const end = expiresAt.getTime() + LATE_WINDOW_MS;
  if (now.getTime() >= end) return null;
  const since = Math.max(0, now.getTime() - expiresAt.getTime());
  return at(Math.min(now.getTime() + clamp(since, LATE_FIRST_MS, LATE_CAP_MS), end));
}

/** The confirming query of a payment learnt from a notification. */
export function confirmationDueAt(paidAt: Date): Date {
  return at(paidAt.getTime() + CONFIRMATION_DELAY_MS);
}

/** Retry of a confirmation that got no usable answer; null once the window is over. */
export function confirmationRetryAt(paidAt: Date, now: Date): Date | null {
  const since = now.getTime() - paidAt.getTime();
  if (since >= CONFIRMATION_WINDOW_MS) return null;
  const delay = clamp(since / 4, CONFIRMATION_RETRY_MIN_MS, CONFIRMATION_RETRY_CAP_MS);
  return at(Math.min(now.getTime() + delay, paidAt.getTime() + CONFIRMATION_WINDOW_MS));
}

/**
 * Spreads an error retry planned for `planned`: at least `retryAfterMs` from now when DOKU
 * asked for it, plus up to ERROR_JITTER of the delay (`random` in [0, 1)).
 */
export function withErrorBackoff(
  planned: Date | null,
  now: Date,
  retryAfterMs: number | null,
  random: number,
): Date | null {
  if (planned === null) return null;
  const delay = Math.max(planned.getTime() - now.getTime(), retryAfterMs ?? 0, 0);
  return at(now.getTime() + Math.round(delay * (1 + ERROR_JITTER * random)));
}
