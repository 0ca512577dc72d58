import type { QrStatus, SnapOutcome } from '#doku-snap';
import type { ObservedPayment, QueryAnswer } from './domain/query-answer.js';

function payment(s: QrStatus): ObservedPayment {
  return {
    paidAt: s.paidAt,
    amountMinor: s.amount?.minor ?? null,
    currency: s.amount?.currency ?? null,
    approvalCode: s.approvalCode,
    issuerId: s.issuerId,
    issuerName: s.issuerName,
    customerName: s.customerName,
    referenceNo: s.originalReferenceNo,
  };
}

/**
 * DOKU's answer to `qr-mpm-query` as the reconciler reads it. Every status is mapped
 * explicitly; `retryable`, `unknown`, `auth_failed` and `duplicate` are errors (back off,
 * change nothing), never a failure of payment.
 */
export function toQueryAnswer(outcome: SnapOutcome<QrStatus>): QueryAnswer {
  switch (outcome.kind) {
    case 'success':
      return fromStatus(outcome.value, outcome.responseCode);
    case 'not_found':
      return { kind: 'not_found', responseCode: outcome.responseCode };
    case 'declined':
      return {
        kind: 'declined',
        responseCode: outcome.responseCode,
        responseMessage: outcome.responseMessage,
      };
    case 'retryable':
      return {
        kind: 'error',
        reason: `${outcome.kind}:${outcome.reason}`,
        retryAfterMs: outcome.retryAfterMs,
      };
    case 'unknown':
    case 'auth_failed':
    case 'duplicate':
      return { kind: 'error', reason: `${outcome.kind}:${outcome.reason}`, retryAfterMs: null };
  }
}

/** Unrecognised status codes already arrive as `pending` (the client maps them so). */
function fromStatus(s: QrStatus, responseCode: string | null): QueryAnswer {
  switch (s.status) {
    case 'success':
      return { kind: 'paid', statusCode: s.statusCode, payment: payment(s) };
    case 'refunded':
      return { kind: 'refunded', statusCode: s.statusCode, payment: payment(s) };
    case 'initiated':
    case 'paying':
    case 'pending':
      return {
        kind: 'unpaid',
        statusCode: s.statusCode,
        payable: true,
        referenceNo: s.originalReferenceNo,
      };
    case 'failed':
    case 'expired':
      return {
        kind: 'unpaid',
        statusCode: s.statusCode,
        payable: false,
        referenceNo: s.originalReferenceNo,
      };
    case 'canceled':
      return { kind: 'cancelled', statusCode: s.statusCode };
    case 'not_found':
      return { kind: 'not_found', responseCode };
  }
}
