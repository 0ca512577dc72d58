// Statuses and flags in words, with what a person does about them.

export const STATUS_WORDS: Record<string, string> = {
  CREATING:
    'Being created: the QR was asked from DOKU and the answer is not in yet. The service resolves it by itself within minutes.',
  PENDING: 'Waiting for the customer to pay the QR before it expires.',
  PAID: 'Paid: the customer’s money arrived.',
  PARTIALLY_REFUNDED: 'Paid, and part of it was refunded.',
  REFUNDED: 'Paid, and all of it was refunded.',
  EXPIRED: 'Expired unpaid: the QR is no longer valid.',
  CANCELLED: 'Cancelled before it was paid.',
  FAILED: 'Failed: DOKU did not issue a QR (or its answer never came). Nothing was charged.',
};

export const FLAG_WORDS: Record<string, { meaning: string; action: string }> = {
  AMOUNT_MISMATCH: {
    meaning: 'DOKU reported a payment of another amount than the order’s.',
    action: 'Check the payment at DOKU, then refund what was paid (the order is not PAID).',
  },
  PAID_AFTER_EXPIRY: {
    meaning: 'The customer paid after the order expired or was cancelled: money moved.',
    action: 'Fulfil the order with the shop, or refund it.',
  },
  STATUS_DISAGREEMENT: {
    meaning: 'DOKU’s later answer contradicts what was recorded.',
    action: 'Reconcile now, compare with DOKU’s back office, and tell engineering if it stays.',
  },
};

export const REFUND_WORDS: Record<string, string> = {
  PENDING: 'Sent to DOKU; the answer is on its way.',
  SUCCEEDED: 'DOKU made the refund.',
  FAILED: 'DOKU did not make the refund; no money moved.',
  UNKNOWN:
    'DOKU’s answer is missing: the amount stays reserved and the service asks DOKU again by itself.',
};

export const ORDER_STATUSES = Object.keys(STATUS_WORDS);
export const ORDER_FLAGS = Object.keys(FLAG_WORDS);
