// A QR the simulator issued (or was told to hold) and everything that happened to it.
// Money movements are child records (payment, refunds); the status is derived from them
// together with the cancellation and the validity period.

/** Fee rules of tag 55: 1 = the customer types a tip, 2 = fixed fee (tag 56), 3 = percentage (tag 57). */
export type QrFee = { type: 1 } | { type: 2; minor: number } | { type: 3; percent: string };

export type StoredStatus = 'pending' | 'paid' | 'refunded' | 'cancelled';

export interface QrPayment {
  paidAt: Date;
  amountMinor: number;
  /** The tip/fee the customer paid on top (fixed fee, or what they typed). */
  feeMinor: number;
  approvalCode: string;
  issuerId: string;
  issuerName: string;
  customerName: string;
  channel: 'simulator' | 'b2b2c';
  /** Paid although expired or cancelled (a payment racing the cancellation). */
  late: 'expired' | 'cancelled' | null;
}

export interface QrRefund {
  refundNo: string;
  partnerRefundNo: string;
  amountMinor: number;
  reason: string;
  refundedAt: Date;
}

export type NotificationEvent = 'payment' | 'refund' | 'cancel';

export interface NotificationAttempt {
  at: Date;
  /** HTTP status of the merchant's answer; undefined when none came. */
  httpStatus?: number;
  responseCode?: string;
  error?: string;
  ok: boolean;
  badSignature: boolean;
  duplicate: boolean;
}

export interface NotificationRecord {
  id: string;
  event: NotificationEvent;
  externalId: string;
  createdAt: Date;
  status: 'scheduled' | 'delivered' | 'failed' | 'dropped';
  /** Attempts made so far (the first plus DOKU's retries). */
  attempts: NotificationAttempt[];
  nextAttemptAt?: Date;
  body: string;
}

/** One query, refund or cancel call about this QR, answered at `at` with `responseCode`. */
export interface QrCall {
  operation: 'query' | 'refund' | 'cancel';
  at: Date;
  responseCode: string;
  /** Refunds: the merchant's refund number. */
  partnerRefundNo?: string;
}

export interface QrTransaction {
  referenceNo: string;
  partnerReferenceNo: string;
  clientId: string;
  merchantId: string;
  terminalId: string;
  amountMinor: number;
  fee: QrFee | null;
  qrContent: string;
  createdAt: Date;
  validUntil: Date;
  /** validityPeriod exactly as answered to generate. */
  validityPeriod: string;
  status: StoredStatus;
  payment?: QrPayment;
  refunds: QrRefund[];
  cancelledAt?: Date;
  /** qr-mpm-query calls answered for this QR. */
  queryCount: number;
  /** Every query, refund and cancel call that found this QR, in order (the ledger's timeline). */
  calls: QrCall[];
  notifications: NotificationRecord[];
}

/** Records a call about `tx` and passes its reply through. */
export function recordCall<R extends { body: Record<string, unknown> }>(
  tx: QrTransaction,
  operation: QrCall['operation'],
  at: Date,
  reply: R,
  partnerRefundNo?: string,
): R {
  const call: QrCall = { operation, at, responseCode: String(reply.body.responseCode) };
  if (partnerRefundNo !== undefined) call.partnerRefundNo = partnerRefundNo;
  tx.calls.push(call);
  return reply;
}

export function refundedMinor(tx: QrTransaction): number {
  let sum = 0;
  for (const r of tx.refunds) sum += r.amountMinor;
  return sum;
}
