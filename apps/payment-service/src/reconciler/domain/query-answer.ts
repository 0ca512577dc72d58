// What a `qr-mpm-query` told us, reduced to what the reconciler decides on. The mapping
// from the client's outcome lives in ../query-answer.mapper.ts; this file is pure.

/** A payment as DOKU reports it. */
export interface ObservedPayment {
  paidAt: Date | null;
  /** Null when DOKU's answer carried no amount: the payment cannot be checked. */
  amountMinor: number | null;
  currency: string | null;
  approvalCode: string | null;
  issuerId: string | null;
  issuerName: string | null;
  customerName: string | null;
  /** DOKU's referenceNo (we may not have it: a CREATING order never got generate's answer). */
  referenceNo: string | null;
}

export type QueryAnswer =
  /** `00`: paid (or partially refunded). */
  | { kind: 'paid'; statusCode: string; payment: ObservedPayment }
  /** `04`: paid, then refunded in full. */
  | { kind: 'refunded'; statusCode: string; payment: ObservedPayment }
  /**
   * Not paid. `payable`: DOKU still shows the QR open (initiated, paying, pending), as
   * opposed to failed or expired at DOKU. An unpaid answer is never a failure of payment.
   */
  | { kind: 'unpaid'; statusCode: string; payable: boolean; referenceNo: string | null }
  /** `05`: the QR was cancelled at DOKU. */
  | { kind: 'cancelled'; statusCode: string }
  /** DOKU does not know the QR (HTTP 404xx01 or status `07`). */
  | { kind: 'not_found'; responseCode: string | null }
  /** A business refusal of the query itself (4xx): recorded, then retried later. */
  | { kind: 'declined'; responseCode: string | null; responseMessage: string | null }
  /** No trustworthy answer (5xx, 429, timeout, garbage, auth trouble): back off, change nothing. */
  | { kind: 'error'; reason: string; retryAfterMs: number | null };
