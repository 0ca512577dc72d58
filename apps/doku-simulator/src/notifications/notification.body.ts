// The qr-mpm-notify body. DOKU does not publish its SNAP QRIS notification; this follows
// the SNAP standard (service 52) with the fields of DOKU's query answer, amounts as SNAP
// strings. `additionalInfo.event` says what happened (PAYMENT, REFUND, CANCEL).
import { formatSnapTimestamp, toSnapAmount } from '#doku-snap';
import { effectiveStatus, snapTransactionStatus } from '../payments/domain/qr-state.js';
import {
  refundedMinor,
  type NotificationEvent,
  type QrRefund,
  type QrTransaction,
} from '../payments/domain/qr-transaction.js';

export function notificationBody(
  tx: QrTransaction,
  event: NotificationEvent,
  nowMs: number,
  refund?: QrRefund,
): string {
  const status = snapTransactionStatus(effectiveStatus(tx, nowMs));
  const p = tx.payment;
  const additionalInfo: Record<string, unknown> = {
    event: event.toUpperCase(),
    merchantId: tx.merchantId,
    terminalId: tx.terminalId,
  };
  if (p) {
    Object.assign(additionalInfo, {
      approvalCode: p.approvalCode,
      issuerId: p.issuerId,
      issuerName: p.issuerName,
      customerName: p.customerName,
    });
  }
  if (refund) {
    additionalInfo.refund = {
      refundNo: refund.refundNo,
      partnerRefundNo: refund.partnerRefundNo,
      refundAmount: toSnapAmount(refund.amountMinor),
      refundTime: formatSnapTimestamp(refund.refundedAt),
    };
    additionalInfo.refundedAmount = toSnapAmount(refundedMinor(tx));
  }
  const body: Record<string, unknown> = {
    originalReferenceNo: tx.referenceNo,
    originalPartnerReferenceNo: tx.partnerReferenceNo,
    latestTransactionStatus: status.code,
    transactionStatusDesc: status.desc,
    amount: toSnapAmount(p ? p.amountMinor : tx.amountMinor),
  };
  if (p) {
    body.paidTime = formatSnapTimestamp(p.paidAt);
    if (p.feeMinor > 0) body.feeAmount = toSnapAmount(p.feeMinor);
  } else if (tx.fee?.type === 2) {
    body.feeAmount = toSnapAmount(tx.fee.minor);
  }
  if (tx.cancelledAt) additionalInfo.cancelTime = formatSnapTimestamp(tx.cancelledAt);
  body.additionalInfo = additionalInfo;
  return JSON.stringify(body);
}
