// The QR's life as pure decisions (no Nest, no I/O):
//
//   pending --pay--> paid --refund(s)--> refunded (once the refunds reach the paid amount)
//      |  \--validity passes--> expired (derived)      paid/refunded --cancel--> refused
//      \--cancel--> cancelled        expired/cancelled --pay(force)--> paid, flagged late
import { refundedMinor, type QrTransaction } from './qr-transaction.js';

export type EffectiveStatus =
  'pending' | 'expired' | 'paid' | 'partially_refunded' | 'refunded' | 'cancelled';

export function effectiveStatus(tx: QrTransaction, nowMs: number): EffectiveStatus {
  switch (tx.status) {
    case 'pending':
      return tx.validUntil.getTime() <= nowMs ? 'expired' : 'pending';
    case 'paid':
      return tx.refunds.length > 0 ? 'partially_refunded' : 'paid';
    case 'refunded':
      return 'refunded';
    case 'cancelled':
      return 'cancelled';
  }
}

/** SNAP latestTransactionStatus and its description, as query and notify answer them. */
export function snapTransactionStatus(status: EffectiveStatus): { code: string; desc: string } {
  switch (status) {
    case 'pending':
    case 'expired':
      // DOKU reports an unpaid QR as pending; expiry is the merchant's clock to keep.
      return { code: '03', desc: 'Pending' };
    case 'paid':
    case 'partially_refunded':
      return { code: '00', desc: 'Success' };
    case 'refunded':
      return { code: '04', desc: 'Refunded' };
    case 'cancelled':
      return { code: '05', desc: 'Canceled' };
  }
}

export type PayRefusal = 'ALREADY_PAID' | 'EXPIRED' | 'CANCELLED';

/** Whether a payment may land; `force` lets an expired or cancelled QR be paid (a late payment). */
export function decidePay(
  tx: QrTransaction,
  nowMs: number,
  force: boolean,
): { ok: true; late: 'expired' | 'cancelled' | null } | { ok: false; refusal: PayRefusal } {
  const status = effectiveStatus(tx, nowMs);
  if (status === 'pending') return { ok: true, late: null };
  if (status === 'expired' || status === 'cancelled') {
    return force
      ? { ok: true, late: status }
      : { ok: false, refusal: status === 'expired' ? 'EXPIRED' : 'CANCELLED' };
  }
  return { ok: false, refusal: 'ALREADY_PAID' };
}

export type RefundRefusal = 'NOT_PAID' | 'CANCELLED' | 'EXCEEDS_PAID_AMOUNT';

export function decideRefund(
  tx: QrTransaction,
  amountMinor: number,
): { ok: true; fullyRefunded: boolean } | { ok: false; refusal: RefundRefusal } {
  if (tx.status === 'cancelled') return { ok: false, refusal: 'CANCELLED' };
  if (!tx.payment) return { ok: false, refusal: 'NOT_PAID' };
  const refundable = tx.payment.amountMinor - refundedMinor(tx);
  if (amountMinor > refundable) return { ok: false, refusal: 'EXCEEDS_PAID_AMOUNT' };
  return { ok: true, fullyRefunded: amountMinor === refundable };
}

export type CancelDecision =
  { ok: true; alreadyCancelled: boolean } | { ok: false; refusal: 'PAID' };

export function decideCancel(tx: QrTransaction): CancelDecision {
  if (tx.status === 'cancelled') return { ok: true, alreadyCancelled: true };
  if (tx.status !== 'pending') return { ok: false, refusal: 'PAID' };
  return { ok: true, alreadyCancelled: false };
}
