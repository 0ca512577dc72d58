import type { RefundStatus } from './domain/refund-rules.js';

/** A `refunds` row as PostgreSQL returns it (bigint parsed to number, timestamptz to Date). */
export interface RefundRow {
  id: string;
  order_id: string;
  amount: number;
  currency: string;
  reason: string;
  status: RefundStatus;
  partner_refund_no: string;
  external_id: string | null;
  doku_refund_no: string | null;
  failure_code: string | null;
  failure_message: string | null;
  last_outcome: string | null;
  /** DOKU may have acted on an attempt whose answer was lost: only a settling answer ends it. */
  doku_may_have_acted: boolean;
  actor: string;
  idempotency_key: string;
  attempts: number;
  next_attempt_at: Date | null;
  refunded_at: Date | null;
  created_at: Date;
  updated_at: Date;
}
