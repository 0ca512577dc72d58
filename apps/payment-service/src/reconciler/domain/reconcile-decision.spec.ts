import type { ObservedPayment, QueryAnswer } from './query-answer.js';
import {
  cappedPollLease,
  decide,
  GATEWAY_OUTCOME_UNKNOWN,
  isNextRegularPoll,
  leaseAlreadySchedules,
  planPoll,
  type OrderFacts,
  type ScheduleSettings,
} from './reconcile-decision.js';

const S = 1000;
const MIN = 60 * S;
const T0 = Date.parse('2026-01-15T03:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms);
const settings: ScheduleSettings = { generateInFlightMs: 25 * S };

function order(over: Partial<OrderFacts> = {}): OrderFacts {
  return {
    status: 'PENDING',
    flags: [],
    amount: 2_500_000,
    currency: 'IDR',
    createdAt: at(0),
    expiresAt: at(15 * MIN),
    paidAt: null,
    paidAmount: null,
    ...over,
  };
}

function payment(over: Partial<ObservedPayment> = {}): ObservedPayment {
  return {
    paidAt: at(2 * MIN),
    amountMinor: 2_500_000,
    currency: 'IDR',
    approvalCode: '328591',
    issuerId: '93600014',
    issuerName: 'BCA',
    customerName: 'JOHN DOE',
    referenceNo: 'ref-1',
    ...over,
  };
}

const paid = (over: Partial<ObservedPayment> = {}): QueryAnswer => ({
  kind: 'paid',
  statusCode: '00',
  payment: payment(over),
});
const unpaid: QueryAnswer = {
  kind: 'unpaid',
  statusCode: '03',
  payable: true,
  referenceNo: 'ref-1',
};
const notFound: QueryAnswer = { kind: 'not_found', responseCode: '4045101' };
const cancelled: QueryAnswer = { kind: 'cancelled', statusCode: '05' };
const error: QueryAnswer = { kind: 'error', reason: 'retryable:server_error', retryAfterMs: null };
const declined: QueryAnswer = {
  kind: 'declined',
  responseCode: '4035115',
  responseMessage: 'Transaction Not Permitted',
};

describe('reconciler decisions', () => {
  describe('PENDING while valid', () => {
    it('marks a paid order PAID with DOKU’s payment and stops polling', () => {
      const d = decide(order(), paid(), at(2 * MIN), settings, 0);
      expect(d).toMatchObject({
        kind: 'apply',
        event: 'PAYMENT_CONFIRMED',
        outcome: 'paid',
        nextPollAt: null,
      });
      expect(d.kind === 'apply' && d.payment?.approvalCode).toBe('328591');
    });

    it('flags AMOUNT_MISMATCH (not PAID) when DOKU reports another amount', () => {
      const d = decide(order(), paid({ amountMinor: 2_400_000 }), at(2 * MIN), settings, 0);
      expect(d).toMatchObject({ kind: 'flag', flag: 'AMOUNT_MISMATCH', nextPollAt: null });
    });

    it('flags a payment whose amount DOKU did not say (it cannot be checked)', () => {
      const d = decide(order(), paid({ amountMinor: null, currency: null }), at(MIN), settings, 0);
      expect(d).toMatchObject({ kind: 'flag', flag: 'AMOUNT_MISMATCH' });
    });

    it('polls again on the dense schedule while DOKU says unpaid', () => {
      const d = decide(order(), unpaid, at(2 * MIN), settings, 0);
      expect(d).toEqual({
        kind: 'keep',
        outcome: 'stillPending',
        nextPollAt: at(2 * MIN + 30 * S),
        note: undefined,
      });
    });

    it('records "not found" with DOKU’s code and keeps polling', () => {
      const d = decide(order(), notFound, at(MIN), settings, 0);
      expect(d).toMatchObject({
        kind: 'keep',
        outcome: 'stillPending',
        note: { type: 'reconciler.query_not_found', details: { responseCode: '4045101' } },
      });
    });

    it('follows DOKU when the QR was cancelled there', () => {
      expect(decide(order(), cancelled, at(MIN), settings, 0)).toMatchObject({
        kind: 'apply',
        event: 'CANCELLED',
        nextPollAt: null,
      });
    });
  });

  describe('errors never fail an order', () => {
    const statuses = ['CREATING', 'PENDING', 'PAID', 'EXPIRED'] as const;
    it.each(statuses)('%s: a retryable/unknown answer keeps the order and backs off', (status) => {
      const o = order({ status, paidAt: status === 'PAID' ? at(MIN) : null });
      const now = at(16 * MIN);
      const d = decide(o, error, now, settings, 0);
      expect(d.kind).toBe('keep');
      expect(d).toMatchObject({ outcome: 'error' });
      expect(d.kind === 'keep' && d.nextPollAt!.getTime()).toBeGreaterThan(now.getTime());
    });

    it('a PENDING order past its expiry is not expired on an error: it is asked again', () => {
      const d = decide(order(), error, at(15 * MIN), settings, 0);
      expect(d).toMatchObject({ kind: 'keep', outcome: 'error', nextPollAt: at(16 * MIN) });
    });

    it('waits at least as long as DOKU’s Retry-After', () => {
      const d = decide(
        order(),
        { ...error, retryAfterMs: 45 * S } as QueryAnswer,
        at(MIN),
        settings,
        0,
      );
      expect(d).toMatchObject({ nextPollAt: at(MIN + 45 * S) });
    });

    it('records a declined query with DOKU’s code, and retries later', () => {
      const d = decide(order(), declined, at(MIN), settings, 0);
      expect(d).toMatchObject({
        kind: 'keep',
        outcome: 'error',
        note: { type: 'reconciler.query_declined', details: { responseCode: '4035115' } },
      });
    });
  });

  describe('at expiry', () => {
    it('expires an order DOKU still shows unpaid at its last query, then polls for late payments', () => {
      const d = decide(order(), unpaid, at(15 * MIN), settings, 0);
      expect(d).toEqual({ kind: 'expire', nextPollAt: at(16 * MIN) });
    });

    it('expires an order DOKU does not know either', () => {
      expect(decide(order(), notFound, at(15 * MIN + S), settings, 0).kind).toBe('expire');
    });

    it('pays an order paid just before its expiry (no flag: the state machine adds none from PENDING)', () => {
      expect(decide(order(), paid(), at(15 * MIN), settings, 0)).toMatchObject({
        kind: 'apply',
        event: 'PAYMENT_CONFIRMED',
      });
    });
  });

  describe('after EXPIRED (late payment)', () => {
    const expired = order({ status: 'EXPIRED' });
    it('applies a late payment (-> PAID, flagged PAID_AFTER_EXPIRY by the state machine)', () => {
      expect(decide(expired, paid(), at(20 * MIN), settings, 0)).toMatchObject({
        kind: 'apply',
        event: 'PAYMENT_CONFIRMED',
        outcome: 'paid',
      });
    });

    it('keeps the sparse schedule while DOKU shows the QR cancelled', () => {
      const d = decide(expired, cancelled, at(16 * MIN), settings, 0);
      expect(d).toMatchObject({ kind: 'keep', outcome: 'stillPending', nextPollAt: at(17 * MIN) });
    });

    it('cancels again when DOKU still shows the QR payable (our cancel did not land)', () => {
      expect(decide(expired, unpaid, at(16 * MIN), settings, 0)).toEqual({
        kind: 'cancel_again',
        nextPollAt: at(17 * MIN),
      });
    });

    it('stops after the last poll 24 h after expiry', () => {
      const d = decide(expired, cancelled, at(15 * MIN + 24 * 60 * MIN), settings, 0);
      expect(d).toMatchObject({ kind: 'keep', outcome: 'settled', nextPollAt: null });
    });
  });

  describe('CREATING with an unknown outcome', () => {
    const creating = order({ status: 'CREATING' });
    it('is left alone while the generate request may still be in flight', () => {
      expect(planPoll(creating, at(10 * S), settings)).toMatchObject({
        kind: 'wait',
        until: at(30 * S),
      });
      expect(planPoll(creating, at(30 * S), settings)).toEqual({ kind: 'query' });
    });

    it('paid at DOKU -> PAID (money moved: never lose it)', () => {
      expect(decide(creating, paid(), at(40 * S), settings, 0)).toMatchObject({
        kind: 'apply',
        event: 'PAYMENT_CONFIRMED',
      });
    });

    it('exists unpaid -> cancel at DOKU, then FAILED', () => {
      expect(decide(creating, unpaid, at(40 * S), settings, 0)).toMatchObject({
        kind: 'cancel_then_fail',
        referenceNo: 'ref-1',
      });
    });

    it('not found -> polled again during the grace, FAILED after it', () => {
      expect(decide(creating, notFound, at(40 * S), settings, 0)).toMatchObject({
        kind: 'keep',
        outcome: 'stillPending',
      });
      expect(decide(creating, notFound, at(2 * MIN), settings, 0)).toMatchObject({
        kind: 'apply',
        event: 'CREATION_FAILED',
        failure: { code: GATEWAY_OUTCOME_UNKNOWN },
        nextPollAt: null,
      });
    });
  });

  describe('confirmation of a payment learnt from a notification', () => {
    const notified = order({ status: 'PAID', paidAt: at(2 * MIN), paidAmount: 2_500_000 });
    it('waits until 60 s after the payment', () => {
      expect(planPoll(notified, at(2 * MIN + 30 * S), settings)).toMatchObject({
        kind: 'wait',
        until: at(3 * MIN),
      });
      expect(planPoll(notified, at(3 * MIN), settings)).toEqual({ kind: 'query' });
    });

    it('records the agreement and stops polling', () => {
      expect(decide(notified, paid(), at(3 * MIN), settings, 0)).toMatchObject({
        kind: 'keep',
        outcome: 'confirmed',
        nextPollAt: null,
        note: { type: 'reconciler.payment_verified' },
      });
    });

    it.each([
      ['unpaid', unpaid],
      ['not found', notFound],
      ['cancelled', cancelled],
      ['another amount', paid({ amountMinor: 1 })],
    ])('flags STATUS_DISAGREEMENT when DOKU says %s (never a silent change)', (_name, answer) => {
      expect(decide(notified, answer, at(3 * MIN), settings, 0)).toMatchObject({
        kind: 'flag',
        flag: 'STATUS_DISAGREEMENT',
        nextPollAt: null,
      });
    });

    it('does not flag twice', () => {
      const flagged = { ...notified, flags: ['STATUS_DISAGREEMENT' as const] };
      expect(decide(flagged, unpaid, at(3 * MIN), settings, 0)).toMatchObject({
        kind: 'keep',
        nextPollAt: null,
      });
    });
  });

  describe('the claim’s lease', () => {
    it('may be the capped dense poll (60 s, for orders at least 4 min old) when the work fits in it', () => {
      expect(cappedPollLease(51 * S)).toEqual({ delayMs: 60 * S, minAgeMs: 4 * MIN });
      expect(cappedPollLease(61 * S)).toBeNull();
    });

    it('is the next regular poll exactly when the schedule says so', () => {
      // 10 minutes old, valid for 5 more: next poll 60 s away.
      expect(isNextRegularPoll(order(), at(10 * MIN), at(11 * MIN))).toBe(true);
      expect(isNextRegularPoll(order(), at(10 * MIN), at(11 * MIN + 1))).toBe(false);
      // Young (polled again 15 s later), or near expiry (the last poll is at the expiry).
      expect(isNextRegularPoll(order(), at(1 * MIN), at(2 * MIN))).toBe(false);
      expect(isNextRegularPoll(order(), at(14 * MIN + 30 * S), at(15 * MIN + 30 * S))).toBe(false);
      // An EXPIRED order's next late-payment poll counts as well.
      expect(isNextRegularPoll(order({ status: 'EXPIRED' }), at(16 * MIN), at(17 * MIN))).toBe(
        true,
      );
    });

    it('already schedules what a poll that changes nothing decides, and nothing else', () => {
      const lease = at(11 * MIN); // the next regular poll of order() at 10 min
      // The answer came a little later: the decision's next poll is a little later too.
      const later = at(10 * MIN + 300);
      expect(leaseAlreadySchedules(decide(order(), unpaid, later, settings, 0), lease)).toBe(true);
      // Anything to record or change is written as before.
      for (const answer of [notFound, error, declined, paid(), cancelled]) {
        expect(leaseAlreadySchedules(decide(order(), answer, later, settings, 0.5), lease)).toBe(
          false,
        );
      }
      // A decision that wants the next poll before the lease is written too.
      expect(leaseAlreadySchedules(decide(order(), unpaid, at(9 * MIN), settings, 0), lease)).toBe(
        false,
      );
    });
  });
});
