// What the reconciler does with an order, as pure decisions: `planPoll` before asking DOKU
// (is a query due at all?), `decide` with DOKU's answer. The caller executes a decision
// through OrderTransitions, so every change is guarded, audited and announced.
import type { OrderFlag, OrderStatus } from '../../orders/domain/order-state.js';
import {
  confirmationDueAt,
  DENSE_AGE_FACTOR,
  DENSE_CAP_MS,
  confirmationRetryAt,
  creatingNotFoundIsFinal,
  creatingSettledAt,
  latePollAt,
  nextCreatingPollAt,
  nextPendingPollAt,
  withErrorBackoff,
} from './poll-schedule.js';
import type { ObservedPayment, QueryAnswer } from './query-answer.js';

/** The facts of an order the schedule reads. */
export interface OrderFacts {
  status: OrderStatus;
  flags: readonly OrderFlag[];
  amount: number;
  currency: string;
  createdAt: Date;
  expiresAt: Date;
  paidAt: Date | null;
  paidAmount: number | null;
}

export interface ScheduleSettings {
  /** Worst-case duration of a generate call (timeouts, retries, a token fetch). */
  generateInFlightMs: number;
}

/** How one order's reconciliation ended (the sweep summary counts these). */
export type ReconcileOutcome =
  | 'paid'
  | 'expired'
  | 'failed'
  | 'cancelled'
  | 'flagged'
  /** A notified payment was confirmed by DOKU. */
  | 'confirmed'
  /** Nothing changed and nothing is left to poll. */
  | 'settled'
  /** Nothing changed; the order is polled again later. */
  | 'stillPending'
  /** No usable answer from DOKU (or a fault on our side); retried later. */
  | 'error'
  /** Someone else (a notification, another replica, an admin) changed the order first. */
  | 'superseded'
  /**
   * Not looked at: its lease ran short before a worker and a rate-limit token were free.
   * Nothing was written; the order is due again when its lease ends.
   */
  | 'skipped';

export interface Note {
  type: string;
  details: Record<string, unknown>;
}

export const GATEWAY_OUTCOME_UNKNOWN = 'GATEWAY_OUTCOME_UNKNOWN';

export type Decision =
  /** A status change through the state machine. */
  | {
      kind: 'apply';
      event: 'PAYMENT_CONFIRMED' | 'CREATION_FAILED' | 'CANCELLED';
      outcome: 'paid' | 'failed' | 'cancelled';
      payment?: ObservedPayment;
      failure?: { code: string; message: string };
      nextPollAt: Date | null;
    }
  /** A flag for a person; the status stays. */
  | {
      kind: 'flag';
      flag: OrderFlag;
      payment?: ObservedPayment;
      details: Record<string, unknown>;
      nextPollAt: null;
    }
  /** PENDING past its validity and unpaid at DOKU: EXPIRED, then cancel the QR at DOKU. */
  | { kind: 'expire'; nextPollAt: Date | null }
  /** CREATING, and DOKU holds an unpaid QR we never received: cancel it there, then FAILED. */
  | { kind: 'cancel_then_fail'; referenceNo: string | null; retryAt: Date }
  /** EXPIRED but DOKU still shows the QR payable (our cancel did not land): cancel again. */
  | { kind: 'cancel_again'; nextPollAt: Date | null }
  /** No change: only the next poll (and maybe an audit note). */
  | {
      kind: 'keep';
      outcome: 'confirmed' | 'settled' | 'stillPending' | 'error';
      nextPollAt: Date | null;
      note?: Note;
    };

export type PollPlan = { kind: 'query' } | { kind: 'wait'; until: Date; why: string };

const MONEY_HELD: readonly OrderStatus[] = ['PAID', 'PARTIALLY_REFUNDED', 'REFUNDED'];

/** Whether DOKU should be asked now, or the order is not ready for a query yet. */
export function planPoll(o: OrderFacts, now: Date, s: ScheduleSettings): PollPlan {
  if (o.status === 'CREATING') {
    const settled = creatingSettledAt(o.createdAt, s.generateInFlightMs);
    if (now < settled) return { kind: 'wait', until: settled, why: 'generate may be in flight' };
  }
  if (MONEY_HELD.includes(o.status) && o.paidAt) {
    const due = confirmationDueAt(o.paidAt);
    if (now < due)
      return { kind: 'wait', until: due, why: 'DOKU asks to query >= 60 s after payment' };
  }
  return { kind: 'query' };
}

/** When to look again after an answer that settles nothing, per status. */
export function retryAt(o: OrderFacts, now: Date): Date | null {
  switch (o.status) {
    case 'CREATING':
      return nextCreatingPollAt(o.createdAt, now);
    case 'PENDING':
      return nextPendingPollAt(o.createdAt, o.expiresAt, now);
    case 'PAID':
    case 'PARTIALLY_REFUNDED':
    case 'REFUNDED':
      return confirmationRetryAt(o.paidAt ?? now, now);
    case 'EXPIRED':
    case 'CANCELLED':
    case 'FAILED':
      return latePollAt(o.expiresAt, now);
  }
}

/**
 * What a claim may lease as the next regular poll, in its one statement: a PENDING order at
 * least `minAgeMs` old whose expiry is at least `delayMs` away is next polled `delayMs` from
 * now (`nextPendingPollAt` at its cap of 60 s, the sweep's most common case). Null when that
 * poll is sooner than `minMs` (the shortest lease the work allows). The claim checks every
 * such lease with the rule itself (`isNextRegularPoll`): where the two ever disagreed, the
 * poll would just write its next time when done.
 */
export function cappedPollLease(minMs: number): { delayMs: number; minAgeMs: number } | null {
  if (DENSE_CAP_MS < minMs) return null;
  return { delayMs: DENSE_CAP_MS, minAgeMs: DENSE_CAP_MS / DENSE_AGE_FACTOR };
}

/**
 * Whether `lease` is exactly `o`'s next regular poll at `now` (`retryAt`: what a query that
 * changes nothing schedules), so that such a poll has nothing left to write.
 */
export function isNextRegularPoll(o: OrderFacts, now: Date, lease: Date): boolean {
  return retryAt(o, now)?.getTime() === lease.getTime();
}

/**
 * Whether a decision leaves the schedule exactly where a claim with `leaseIsNextPoll` put
 * it: nothing changed, nothing to record, and the next poll not earlier than the lease
 * (both come from `retryAt`, the decision's at a later `now`).
 */
export function leaseAlreadySchedules(d: Decision, lease: Date): boolean {
  return (
    d.kind === 'keep' &&
    d.outcome === 'stillPending' &&
    d.note === undefined &&
    d.nextPollAt !== null &&
    d.nextPollAt.getTime() >= lease.getTime()
  );
}

/** What to do with DOKU's answer to a query about `o`. `random` in [0, 1) spreads retries. */
export function decide(
  o: OrderFacts,
  answer: QueryAnswer,
  now: Date,
  s: ScheduleSettings,
  random: number,
): Decision {
  if (answer.kind === 'error' || answer.kind === 'declined') {
    const next = withErrorBackoff(
      retryAt(o, now),
      now,
      answer.kind === 'error' ? answer.retryAfterMs : null,
      random,
    );
    const note: Note | undefined =
      answer.kind === 'declined'
        ? {
            type: 'reconciler.query_declined',
            details: { responseCode: answer.responseCode, responseMessage: answer.responseMessage },
          }
        : next === null
          ? { type: 'reconciler.gave_up', details: { reason: answer.reason } }
          : undefined;
    return { kind: 'keep', outcome: 'error', nextPollAt: next, note };
  }
  switch (o.status) {
    case 'CREATING':
      return decideCreating(o, answer, now, s);
    case 'PENDING':
      return decidePending(o, answer, now);
    case 'PAID':
    case 'PARTIALLY_REFUNDED':
    case 'REFUNDED':
      return decideConfirmation(o, answer);
    case 'EXPIRED':
    case 'CANCELLED':
    case 'FAILED':
      return decideClosed(o, answer, now);
  }
}

type Definite = Exclude<QueryAnswer, { kind: 'error' } | { kind: 'declined' }>;

/** DOKU says paid: PAID when the amount is the order's, otherwise a flag for a person. */
function paidDecision(o: OrderFacts, payment: ObservedPayment): Decision {
  if (payment.amountMinor === o.amount && payment.currency === o.currency) {
    return {
      kind: 'apply',
      event: 'PAYMENT_CONFIRMED',
      outcome: 'paid',
      payment,
      nextPollAt: null,
    };
  }
  return flagOnce(
    o,
    'AMOUNT_MISMATCH',
    {
      paidAmount: payment.amountMinor,
      paidCurrency: payment.currency,
      orderAmount: o.amount,
    },
    payment,
  );
}

function flagOnce(
  o: OrderFacts,
  flag: OrderFlag,
  details: Record<string, unknown>,
  payment?: ObservedPayment,
): Decision {
  // Already flagged: a person is on it; polling more tells them nothing new.
  if (o.flags.includes(flag)) return { kind: 'keep', outcome: 'settled', nextPollAt: null };
  return { kind: 'flag', flag, details, payment, nextPollAt: null };
}

function notFoundNote(answer: { responseCode: string | null }): Note {
  return { type: 'reconciler.query_not_found', details: { responseCode: answer.responseCode } };
}

function decideCreating(o: OrderFacts, a: Definite, now: Date, s: ScheduleSettings): Decision {
  switch (a.kind) {
    case 'paid':
      // Money moved for a QR we never handed out: never lose it.
      return paidDecision(o, a.payment);
    case 'refunded':
      return flagOnce(o, 'STATUS_DISAGREEMENT', { dokuStatus: a.statusCode });
    case 'unpaid':
      if (!a.payable) return failCreating('DOKU shows the QR unpaid and no longer payable');
      return { kind: 'cancel_then_fail', referenceNo: a.referenceNo, retryAt: retryAt(o, now)! };
    case 'cancelled':
      return failCreating('DOKU shows the QR cancelled');
    case 'not_found':
      if (creatingNotFoundIsFinal(o.createdAt, now, s.generateInFlightMs)) {
        return failCreating('DOKU has no QR for this order: the generate request never landed');
      }
      return {
        kind: 'keep',
        outcome: 'stillPending',
        nextPollAt: nextCreatingPollAt(o.createdAt, now),
        note: notFoundNote(a),
      };
  }
}

export function failCreating(message: string): Decision {
  return {
    kind: 'apply',
    event: 'CREATION_FAILED',
    outcome: 'failed',
    failure: { code: GATEWAY_OUTCOME_UNKNOWN, message },
    nextPollAt: null,
  };
}

function decidePending(o: OrderFacts, a: Definite, now: Date): Decision {
  switch (a.kind) {
    case 'paid':
      return paidDecision(o, a.payment);
    case 'refunded':
      return flagOnce(o, 'STATUS_DISAGREEMENT', { dokuStatus: a.statusCode });
    case 'cancelled':
      return { kind: 'apply', event: 'CANCELLED', outcome: 'cancelled', nextPollAt: null };
    case 'unpaid':
    case 'not_found': {
      const note = a.kind === 'not_found' ? notFoundNote(a) : undefined;
      if (now >= o.expiresAt) {
        // The last query, at or after expiry, says unpaid: EXPIRED, then late-payment polls.
        return { kind: 'expire', nextPollAt: latePollAt(o.expiresAt, now) };
      }
      return {
        kind: 'keep',
        outcome: 'stillPending',
        nextPollAt: nextPendingPollAt(o.createdAt, o.expiresAt, now),
        note,
      };
    }
  }
}

/** A payment we hold: DOKU must agree, or a person is told (never a silent change). */
function decideConfirmation(o: OrderFacts, a: Definite): Decision {
  const amount = o.paidAmount ?? o.amount;
  const agrees =
    (a.kind === 'paid' || (a.kind === 'refunded' && o.status !== 'PAID')) &&
    a.payment.amountMinor === amount &&
    a.payment.currency === o.currency;
  if (agrees) {
    return {
      kind: 'keep',
      outcome: 'confirmed',
      nextPollAt: null,
      note: { type: 'reconciler.payment_verified', details: { dokuStatus: a.statusCode } },
    };
  }
  const details: Record<string, unknown> = {
    dokuAnswer: a.kind,
    dokuStatus: 'statusCode' in a ? a.statusCode : null,
    dokuAmount: 'payment' in a ? a.payment.amountMinor : null,
    paidAmount: amount,
  };
  return flagOnce(o, 'STATUS_DISAGREEMENT', details);
}

function decideClosed(o: OrderFacts, a: Definite, now: Date): Decision {
  switch (a.kind) {
    case 'paid':
      // The state machine marks it PAID_AFTER_EXPIRY: money wins, and a person is told.
      return paidDecision(o, a.payment);
    case 'refunded':
      return flagOnce(o, 'STATUS_DISAGREEMENT', { dokuStatus: a.statusCode });
    default: {
      // Only EXPIRED orders keep the late-payment schedule; CANCELLED and FAILED ones are
      // looked at on request (admin), once.
      const next = o.status === 'EXPIRED' ? latePollAt(o.expiresAt, now) : null;
      if (o.status === 'EXPIRED' && a.kind === 'unpaid' && a.payable) {
        return { kind: 'cancel_again', nextPollAt: next };
      }
      return {
        kind: 'keep',
        outcome: next ? 'stillPending' : 'settled',
        nextPollAt: next,
        note: a.kind === 'not_found' ? notFoundNote(a) : undefined,
      };
    }
  }
}
