import {
  decideRefund,
  holdsMoney,
  orderEventAfterRefund,
  refundTotals,
  type RefundableOrder,
  type RefundFact,
} from './refund-rules.js';

const paid = (over: Partial<RefundableOrder> = {}): RefundableOrder => ({
  id: 'ord_test',
  status: 'PAID',
  flags: [],
  paidAmount: 100_000,
  ...over,
});

describe('refundTotals', () => {
  it('derives refunded, in-flight and refundable amounts from the refund rows', () => {
    const refunds: RefundFact[] = [
      { amount: 10_000, status: 'SUCCEEDED' },
      { amount: 20_000, status: 'PENDING' },
      { amount: 5_000, status: 'UNKNOWN' },
      { amount: 40_000, status: 'FAILED' },
    ];
    expect(refundTotals(100_000, refunds)).toEqual({
      paid: 100_000,
      refunded: 10_000,
      inFlight: 25_000,
      refundable: 65_000,
    });
  });

  it('counts an UNKNOWN refund against the paid amount (it may have been made)', () => {
    expect(refundTotals(100, [{ amount: 100, status: 'UNKNOWN' }]).refundable).toBe(0);
  });

  it('frees the amount of a FAILED refund', () => {
    expect(refundTotals(100, [{ amount: 100, status: 'FAILED' }]).refundable).toBe(100);
  });
});

describe('holdsMoney', () => {
  it.each(['PAID', 'PARTIALLY_REFUNDED'] as const)('is true for %s', (status) => {
    expect(holdsMoney(paid({ status }))).toBe(true);
  });

  it.each(['CREATING', 'PENDING', 'FAILED', 'EXPIRED', 'CANCELLED', 'REFUNDED'] as const)(
    'is false for an unflagged %s order',
    (status) => {
      expect(holdsMoney(paid({ status, paidAmount: status === 'REFUNDED' ? 100 : null }))).toBe(
        false,
      );
    },
  );

  it('is true for a payment recorded on an order flagged AMOUNT_MISMATCH', () => {
    expect(
      holdsMoney(paid({ status: 'PENDING', flags: ['AMOUNT_MISMATCH'], paidAmount: 90 })),
    ).toBe(true);
  });

  it('is false for a flagged order without a recorded payment', () => {
    expect(
      holdsMoney(paid({ status: 'PENDING', flags: ['AMOUNT_MISMATCH'], paidAmount: null })),
    ).toBe(false);
  });

  it('is false for a REFUNDED order even when flagged', () => {
    expect(holdsMoney(paid({ status: 'REFUNDED', flags: ['AMOUNT_MISMATCH'] }))).toBe(false);
  });
});

describe('decideRefund', () => {
  it('accepts a refund up to exactly the refundable amount', () => {
    const r = decideRefund(paid(), [{ amount: 40_000, status: 'SUCCEEDED' }], 60_000);
    expect(r).toMatchObject({ ok: true, totals: { refundable: 60_000 } });
  });

  it('refuses one unit more than refundable, saying how much is left', () => {
    const r = decideRefund(paid(), [{ amount: 40_000, status: 'SUCCEEDED' }], 60_001);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.refusal.code).toBe('REFUND_EXCEEDS_PAID_AMOUNT');
    expect(r.refusal.message).toMatch(/Refund at most 60000/);
  });

  it('says when nothing is left, naming refunds still waiting for DOKU', () => {
    const r = decideRefund(paid(), [{ amount: 100_000, status: 'UNKNOWN' }], 1);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.refusal.message).toMatch(/Nothing is left to refund/);
    expect(r.refusal.message).toMatch(/waiting for DOKU/);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses the amount %p', (amount) => {
    const r = decideRefund(paid(), [], amount);
    expect(r).toMatchObject({ ok: false, refusal: { code: 'INVALID_REFUND_AMOUNT' } });
  });

  it.each([
    ['PENDING', /nothing has been paid yet/],
    ['CANCELLED', /never paid/],
    ['EXPIRED', /never paid/],
    ['REFUNDED', /already fully refunded/],
  ] as const)('refuses a %s order with a message a person can act on', (status, message) => {
    const r = decideRefund(
      paid({ status, paidAmount: status === 'REFUNDED' ? 100_000 : null }),
      [],
      1,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.refusal).toMatchObject({ code: 'ORDER_NOT_REFUNDABLE', status });
    expect(r.refusal.message).toMatch(message);
  });
});

describe('orderEventAfterRefund', () => {
  it('is PARTIALLY_REFUNDED below the paid amount and FULLY_REFUNDED at it', () => {
    expect(orderEventAfterRefund(100, 99)).toBe('PARTIALLY_REFUNDED');
    expect(orderEventAfterRefund(100, 100)).toBe('FULLY_REFUNDED');
  });
});
