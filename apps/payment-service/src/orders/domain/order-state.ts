// The order's life as a pure function: which events may move an order from which status,
// and to where. The SQL layer guards every update with `WHERE status = <the status this
// decision was made from>` under a row lock, so races can only lose, never double-apply.

export const ORDER_STATUSES = [
  'CREATING',
  'PENDING',
  'PAID',
  'FAILED',
  'EXPIRED',
  'CANCELLED',
  'PARTIALLY_REFUNDED',
  'REFUNDED',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_FLAGS = ['AMOUNT_MISMATCH', 'PAID_AFTER_EXPIRY', 'STATUS_DISAGREEMENT'] as const;
export type OrderFlag = (typeof ORDER_FLAGS)[number];

export type OrderEvent =
  /** DOKU returned a verified QR. */
  | 'QR_ISSUED'
  /** DOKU refused to create the QR, or the outcome was resolved as "no usable QR". */
  | 'CREATION_FAILED'
  /** DOKU's evidence of payment (notification or query) for the order's amount. */
  | 'PAYMENT_CONFIRMED'
  /** The QR's validity passed without payment. */
  | 'EXPIRED'
  /** The shop or an admin cancelled an unpaid order. */
  | 'CANCELLED'
  | 'PARTIALLY_REFUNDED'
  | 'FULLY_REFUNDED';

/** Statuses in which DOKU has (or may still get) a payable QR: the money path is open. */
export const OPEN_STATUSES: readonly OrderStatus[] = ['CREATING', 'PENDING'];
/** Statuses that hold the customer's money. */
export const MONEY_HELD_STATUSES: readonly OrderStatus[] = ['PAID', 'PARTIALLY_REFUNDED'];

const RULES: Record<OrderEvent, { from: readonly OrderStatus[]; to: OrderStatus }> = {
  QR_ISSUED: { from: ['CREATING'], to: 'PENDING' },
  CREATION_FAILED: { from: ['CREATING'], to: 'FAILED' },
  // Money moved: DOKU's evidence of payment always wins, even after we gave up on the
  // order (expired, cancelled, or failed because its creation outcome was unknown).
  PAYMENT_CONFIRMED: {
    from: ['CREATING', 'PENDING', 'EXPIRED', 'CANCELLED', 'FAILED'],
    to: 'PAID',
  },
  EXPIRED: { from: ['PENDING'], to: 'EXPIRED' },
  CANCELLED: { from: ['PENDING'], to: 'CANCELLED' },
  PARTIALLY_REFUNDED: { from: ['PAID', 'PARTIALLY_REFUNDED'], to: 'PARTIALLY_REFUNDED' },
  FULLY_REFUNDED: { from: ['PAID', 'PARTIALLY_REFUNDED'], to: 'REFUNDED' },
};

export type TransitionDecision =
  | { allowed: true; from: OrderStatus; to: OrderStatus; addFlags: OrderFlag[] }
  | { allowed: false; from: OrderStatus; reason: 'ALREADY_APPLIED' | 'NOT_ALLOWED' };

const REFUND_EVENTS: readonly OrderEvent[] = ['PARTIALLY_REFUNDED', 'FULLY_REFUNDED'];

/**
 * Decides what `event` does to an order in `status` with `flags`; a repeat of what happened
 * is ALREADY_APPLIED. A refund moves a PAID order, and also an order flagged AMOUNT_MISMATCH
 * whatever its status (DOKU took another amount than the order's: the order is not PAID, but
 * it holds that money, and the refund a person decided on settles it), unless it is
 * already REFUNDED.
 */
export function transition(
  status: OrderStatus,
  event: OrderEvent,
  flags: readonly OrderFlag[] = [],
): TransitionDecision {
  const rule = RULES[event];
  const mismatchRefund =
    REFUND_EVENTS.includes(event) && flags.includes('AMOUNT_MISMATCH') && status !== 'REFUNDED';
  if (!rule.from.includes(status) && !mismatchRefund) {
    const repeat =
      status === rule.to ||
      (event === 'PAYMENT_CONFIRMED' && MONEY_HELD_STATUSES.concat(['REFUNDED']).includes(status));
    return { allowed: false, from: status, reason: repeat ? 'ALREADY_APPLIED' : 'NOT_ALLOWED' };
  }
  const addFlags: OrderFlag[] = [];
  if (event === 'PAYMENT_CONFIRMED' && !OPEN_STATUSES.includes(status))
    addFlags.push('PAID_AFTER_EXPIRY');
  return { allowed: true, from: status, to: rule.to, addFlags };
}

/** The statuses from which `event` may be applied to an order without flags. */
export function statusesAccepting(event: OrderEvent): readonly OrderStatus[] {
  return RULES[event].from;
}

/** Webhook event type announced when an order enters `status`. */
export function webhookTypeForStatus(status: OrderStatus): string | null {
  switch (status) {
    case 'PENDING':
      return 'order.pending';
    case 'PAID':
      return 'order.paid';
    case 'FAILED':
      return 'order.failed';
    case 'EXPIRED':
      return 'order.expired';
    case 'CANCELLED':
      return 'order.cancelled';
    case 'PARTIALLY_REFUNDED':
    case 'REFUNDED':
    case 'CREATING':
      return null; // refunds announce themselves as refund.* events
  }
}
