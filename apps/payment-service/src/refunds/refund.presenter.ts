import { unknownRefundExplanation } from './domain/refund-outcome.js';
import type { RefundTotals } from './domain/refund-rules.js';
import type { RefundRow } from './refund.row.js';

/** A refund as the admin API and the refund.* webhooks show it. Amounts in minor units. */
export interface RefundView {
  id: string;
  orderId: string;
  status: RefundRow['status'];
  amount: number;
  currency: string;
  reason: string;
  /** The admin key id that asked for it. */
  actor: string;
  doku: { partnerRefundNo: string; refundNo: string | null };
  failure: { code: string; message: string | null } | null;
  /** Why an UNKNOWN refund is unknown and what happens next (null otherwise). */
  unknown: { lastOutcome: string | null; message: string } | null;
  /** Calls made to DOKU so far; an UNKNOWN refund is asked again at `nextAttemptAt`. */
  attempts: number;
  nextAttemptAt: string | null;
  refundedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export function presentRefund(r: RefundRow): RefundView {
  return {
    id: r.id,
    orderId: r.order_id,
    status: r.status,
    amount: r.amount,
    currency: r.currency,
    reason: r.reason,
    actor: r.actor,
    doku: { partnerRefundNo: r.partner_refund_no, refundNo: r.doku_refund_no },
    failure: r.failure_code ? { code: r.failure_code, message: r.failure_message } : null,
    unknown:
      r.status === 'UNKNOWN'
        ? {
            lastOutcome: r.last_outcome,
            message: unknownRefundExplanation(r.last_outcome, r.doku_may_have_acted),
          }
        : null,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at?.toISOString() ?? null,
    refundedAt: r.refunded_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** The order's refund figures, derived from its refund rows. */
export interface RefundSummaryView {
  paidAmount: number;
  refundedAmount: number;
  /** Refunds waiting for DOKU's answer (PENDING or UNKNOWN). */
  inFlightAmount: number;
  refundableAmount: number;
}

export function presentTotals(t: RefundTotals): RefundSummaryView {
  return {
    paidAmount: t.paid,
    refundedAmount: t.refunded,
    inFlightAmount: t.inFlight,
    refundableAmount: t.refundable,
  };
}
