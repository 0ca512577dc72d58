import {
  decideCancel,
  decidePay,
  decideRefund,
  effectiveStatus,
  snapTransactionStatus,
} from './qr-state.js';
import type { QrTransaction } from './qr-transaction.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');

function qr(overrides: Partial<QrTransaction> = {}): QrTransaction {
  return {
    referenceNo: 'R',
    partnerReferenceNo: 'P',
    clientId: 'c',
    merchantId: 'm',
    terminalId: 'A01',
    amountMinor: 100_000,
    fee: null,
    qrContent: 'q',
    createdAt: new Date(NOW - 1000),
    validUntil: new Date(NOW + 60_000),
    validityPeriod: '',
    status: 'pending',
    refunds: [],
    queryCount: 0,
    calls: [],
    notifications: [],
    ...overrides,
  };
}

const paid = (amountMinor = 100_000) =>
  qr({
    status: 'paid',
    payment: {
      paidAt: new Date(NOW),
      amountMinor,
      feeMinor: 0,
      approvalCode: '1',
      issuerId: 'i',
      issuerName: 'BCA',
      customerName: 'X',
      channel: 'simulator',
      late: null,
    },
  });

describe('QR state', () => {
  it('derives expired from the validity period, and maps statuses to SNAP codes', () => {
    expect(effectiveStatus(qr(), NOW)).toBe('pending');
    expect(effectiveStatus(qr({ validUntil: new Date(NOW) }), NOW)).toBe('expired');
    expect(snapTransactionStatus('pending').code).toBe('03');
    expect(snapTransactionStatus('expired').code).toBe('03');
    expect(snapTransactionStatus('paid')).toEqual({ code: '00', desc: 'Success' });
    expect(snapTransactionStatus('partially_refunded').code).toBe('00');
    expect(snapTransactionStatus('refunded')).toEqual({ code: '04', desc: 'Refunded' });
    expect(snapTransactionStatus('cancelled')).toEqual({ code: '05', desc: 'Canceled' });
  });

  it('pays a pending QR; an expired or cancelled one only when forced, flagged late', () => {
    expect(decidePay(qr(), NOW, false)).toEqual({ ok: true, late: null });
    const expired = qr({ validUntil: new Date(NOW - 1) });
    expect(decidePay(expired, NOW, false)).toEqual({ ok: false, refusal: 'EXPIRED' });
    expect(decidePay(expired, NOW, true)).toEqual({ ok: true, late: 'expired' });
    const cancelled = qr({ status: 'cancelled' });
    expect(decidePay(cancelled, NOW, false)).toEqual({ ok: false, refusal: 'CANCELLED' });
    expect(decidePay(cancelled, NOW, true)).toEqual({ ok: true, late: 'cancelled' });
    expect(decidePay(paid(), NOW, true)).toEqual({ ok: false, refusal: 'ALREADY_PAID' });
  });

  it('refunds up to what was paid, counting earlier refunds', () => {
    const tx = paid(100_000);
    expect(decideRefund(tx, 40_000)).toEqual({ ok: true, fullyRefunded: false });
    tx.refunds.push({
      refundNo: '1',
      partnerRefundNo: 'a',
      amountMinor: 60_000,
      reason: '',
      refundedAt: new Date(NOW),
    });
    expect(decideRefund(tx, 40_001)).toEqual({ ok: false, refusal: 'EXCEEDS_PAID_AMOUNT' });
    expect(decideRefund(tx, 40_000)).toEqual({ ok: true, fullyRefunded: true });
    expect(decideRefund(qr(), 1)).toEqual({ ok: false, refusal: 'NOT_PAID' });
    expect(decideRefund(qr({ status: 'cancelled' }), 1)).toEqual({
      ok: false,
      refusal: 'CANCELLED',
    });
  });

  it('cancels only an unpaid QR, and a second cancel is harmless', () => {
    expect(decideCancel(qr())).toEqual({ ok: true, alreadyCancelled: false });
    expect(decideCancel(qr({ status: 'cancelled' }))).toEqual({ ok: true, alreadyCancelled: true });
    expect(decideCancel(paid())).toEqual({ ok: false, refusal: 'PAID' });
    expect(decideCancel(qr({ status: 'refunded' }))).toEqual({ ok: false, refusal: 'PAID' });
  });
});
