// What may be refunded, as pure functions (no Nest, no SQL). The service runs them under a
// row lock on the order, so the facts they see cannot change before the refund is written.
import type { OrderFlag, OrderStatus } from '../../orders/domain/order-state.js';

export const REFUND_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED', 'UNKNOWN'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/** A refund's status that may still move money (it counts against the paid amount). */
export function holdsRefundAmount(status: RefundStatus): boolean {
  return status !== 'FAILED';
}

export interface RefundableOrder {
  id: string;
  status: OrderStatus;
  flags: readonly OrderFlag[];
  /** What DOKU says the customer paid (minor units); null while nothing was paid. */
  paidAmount: number | null;
}

export interface RefundFact {
  amount: number;
  status: RefundStatus;
}

export interface RefundTotals {
  paid: number;
  /** Refunds DOKU confirmed. */
  refunded: number;
  /** Refunds sent or being sent whose answer we do not have yet. */
  inFlight: number;
  /** What can still be refunded: paid minus every refund that is not FAILED. */
  refundable: number;
}

/** Totals derived from the refund rows (never from a counter). */
export function refundTotals(paidAmount: number, refunds: readonly RefundFact[]): RefundTotals {
  let refunded = 0;
  let inFlight = 0;
  for (const r of refunds) {
    if (r.status === 'SUCCEEDED') refunded += r.amount;
    else if (holdsRefundAmount(r.status)) inFlight += r.amount;
  }
  return {
    paid: paidAmount,
    refunded,
    inFlight,
    refundable: Math.max(0, paidAmount - refunded - inFlight),
  };
}

/**
 * Whether the order holds the customer's money: PAID or PARTIALLY_REFUNDED, or a payment
 * recorded on an order flagged AMOUNT_MISMATCH (DOKU took another amount than the order's).
 */
export function holdsMoney(order: RefundableOrder): boolean {
  if (order.paidAmount === null || order.paidAmount <= 0) return false;
  if (order.status === 'PAID' || order.status === 'PARTIALLY_REFUNDED') return true;
  return order.flags.includes('AMOUNT_MISMATCH') && order.status !== 'REFUNDED';
}

export type RefundRefusal =
  | { code: 'INVALID_REFUND_AMOUNT'; message: string }
  | { code: 'ORDER_NOT_REFUNDABLE'; message: string; status: OrderStatus }
  | {
      code: 'REFUND_EXCEEDS_PAID_AMOUNT';
      message: string;
      totals: RefundTotals;
    };

export type RefundDecision =
  { ok: true; totals: RefundTotals } | { ok: false; refusal: RefundRefusal };

/** Decides whether `amount` may be refunded now; the message tells a person what to do. */
export function decideRefund(
  order: RefundableOrder,
  refunds: readonly RefundFact[],
  amount: number,
): RefundDecision {
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    return {
      ok: false,
      refusal: {
        code: 'INVALID_REFUND_AMOUNT',
        message: `amount must be a positive whole number of minor units (sen), got ${amount}.`,
      },
    };
  }
  if (!holdsMoney(order)) {
    return {
      ok: false,
      refusal: {
        code: 'ORDER_NOT_REFUNDABLE',
        status: order.status,
        message: notRefundableMessage(order),
      },
    };
  }
  const totals = refundTotals(order.paidAmount!, refunds);
  if (amount > totals.refundable) {
    const inFlight =
      totals.inFlight > 0
        ? ` (${totals.inFlight} of it in refunds still waiting for DOKU's answer)`
        : '';
    return {
      ok: false,
      refusal: {
        code: 'REFUND_EXCEEDS_PAID_AMOUNT',
        totals,
        message:
          totals.refundable === 0
            ? `Nothing is left to refund on ${order.id}: ${totals.paid} was paid and ${totals.refunded + totals.inFlight} is already refunded${inFlight}.`
            : `A refund of ${amount} is more than the ${totals.refundable} still refundable on ${order.id} (paid ${totals.paid}, refunded ${totals.refunded + totals.inFlight}${inFlight}). Refund at most ${totals.refundable}.`,
      },
    };
  }
  return { ok: true, totals };
}

function notRefundableMessage(order: RefundableOrder): string {
  switch (order.status) {
    case 'REFUNDED':
      return `${order.id} is already fully refunded.`;
    case 'CREATING':
    case 'PENDING':
      return `${order.id} is ${order.status}: nothing has been paid yet, so there is nothing to refund. Cancel it instead.`;
    case 'CANCELLED':
    case 'EXPIRED':
    case 'FAILED':
      return `${order.id} is ${order.status} and was never paid, so there is nothing to refund.`;
    default:
      return `${order.id} is ${order.status} and holds no payment to refund.`;
  }
}

/** The order event a confirmed refund leads to, from the confirmed total. */
export function orderEventAfterRefund(
  paidAmount: number,
  refundedTotal: number,
): 'PARTIALLY_REFUNDED' | 'FULLY_REFUNDED' {
  return refundedTotal >= paidAmount ? 'FULLY_REFUNDED' : 'PARTIALLY_REFUNDED';
}
