// The ledger as JSON: the ground truth reliability tests compare the service against.
// Amounts are integer minor units (our side's unit) next to SNAP's "1200.00" text.
import { toSnapAmount } from '#doku-snap';
import { effectiveStatus, snapTransactionStatus } from '../payments/domain/qr-state.js';
import {
  refundedMinor,
  type NotificationRecord,
  type QrTransaction,
} from '../payments/domain/qr-transaction.js';
import type { ForeignPayment } from '../payments/transaction.store.js';

// Ledger times are ISO 8601 UTC with milliseconds (tests measure retry spacing with them).
const iso = (d: Date | undefined) => (d ? d.toISOString() : null);

export function notificationView(n: NotificationRecord) {
  return {
    id: n.id,
    event: n.event,
    externalId: n.externalId,
    status: n.status,
    createdAt: iso(n.createdAt),
    nextAttemptAt: iso(n.nextAttemptAt),
    attempts: n.attempts.map((a) => ({
      at: iso(a.at),
      ok: a.ok,
      httpStatus: a.httpStatus ?? null,
      responseCode: a.responseCode ?? null,
      error: a.error ?? null,
      badSignature: a.badSignature,
      duplicate: a.duplicate,
    })),
    body: JSON.parse(n.body) as unknown,
  };
}

export type TransactionView = ReturnType<typeof transactionView>;

export function transactionView(tx: QrTransaction, nowMs: number) {
  const status = effectiveStatus(tx, nowMs);
  const refunded = refundedMinor(tx);
  const p = tx.payment;
  return {
    referenceNo: tx.referenceNo,
    partnerReferenceNo: tx.partnerReferenceNo,
    clientId: tx.clientId,
    merchantId: tx.merchantId,
    terminalId: tx.terminalId,
    status,
    latestTransactionStatus: snapTransactionStatus(status).code,
    amountMinor: tx.amountMinor,
    amount: toSnapAmount(tx.amountMinor).value,
    fee: tx.fee,
    qrContent: tx.qrContent,
    createdAt: iso(tx.createdAt),
    validUntil: iso(tx.validUntil),
    payment: p
      ? {
          paidAt: iso(p.paidAt),
          amountMinor: p.amountMinor,
          feeMinor: p.feeMinor,
          approvalCode: p.approvalCode,
          issuerId: p.issuerId,
          issuerName: p.issuerName,
          customerName: p.customerName,
          channel: p.channel,
          late: p.late,
          amountMismatch: p.amountMinor !== tx.amountMinor,
        }
      : null,
    refunds: tx.refunds.map((r) => ({
      refundNo: r.refundNo,
      partnerRefundNo: r.partnerRefundNo,
      amountMinor: r.amountMinor,
      reason: r.reason,
      refundedAt: iso(r.refundedAt),
    })),
    refundedMinor: refunded,
    cancelledAt: iso(tx.cancelledAt),
    queryCount: tx.queryCount,
    calls: tx.calls.map((c) => ({
      operation: c.operation,
      at: iso(c.at),
      responseCode: c.responseCode,
      ...(c.partnerRefundNo !== undefined ? { partnerRefundNo: c.partnerRefundNo } : {}),
    })),
    notifications: tx.notifications.map(notificationView),
  };
}

export function foreignPaymentView(f: ForeignPayment) {
  return { ...f, paidAt: iso(f.paidAt) };
}
