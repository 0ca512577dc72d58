// When the reconciler should next look at an order. Pure: the clock is an argument.
// These are the first polls, set at creation; every later poll comes from the reconciler's
// schedule (reconciler/domain/poll-schedule.ts, which builds on these constants).

/** A CREATING order whose request is still in flight is left alone this long. */
export const CREATING_GRACE_MS = 30_000;
/** First status query after the QR is issued. */
export const FIRST_POLL_DELAY_MS = 5_000;

export function creatingPollAt(now: Date): Date {
  return new Date(now.getTime() + CREATING_GRACE_MS);
}

export function firstPendingPollAt(now: Date): Date {
  return new Date(now.getTime() + FIRST_POLL_DELAY_MS);
}
