import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { rows } from '../database/sql.js';
import { jakartaDays } from './jakarta-day.js';

/** One Jakarta day's figures (minor units). */
export interface FinanceSummary {
  date: string;
  timeZone: string;
  from: string;
  to: string;
  currency: string;
  paidCount: number;
  paidAmount: number;
  refundedCount: number;
  refundedAmount: number;
  netAmount: number;
  flaggedCount: number;
}

/** An order as the orders CSV needs it. */
export interface OrderExportRow {
  id: string;
  merchant_reference: string;
  status: string;
  flags: string[];
  currency: string;
  amount: number;
  paid_amount: number | null;
  refunded_amount: number;
  partner_reference_no: string;
  reference_no: string | null;
  approval_code: string | null;
  issuer_name: string | null;
  terminal_id: string;
  created_at: Date;
  paid_at: Date | null;
}

/** A refund as the refunds CSV needs it, with its order's references. */
export interface RefundExportRow {
  id: string;
  order_id: string;
  merchant_reference: string;
  order_reference_no: string | null;
  status: string;
  currency: string;
  amount: number;
  reason: string;
  actor: string;
  partner_refund_no: string;
  doku_refund_no: string | null;
  failure_code: string | null;
  created_at: Date;
  refunded_at: Date | null;
}

/** Paid: the statuses of an order whose money arrived (refunds do not undo "paid"). */
const PAID = `('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')`;

/** Finance's reads: a day's figures and the exports, by Jakarta days. Read only. */
@Injectable()
export class FinanceRepository {
  constructor(private readonly dataSource: DataSource) {}

  async summary(date: string): Promise<FinanceSummary> {
    const { from, to } = jakartaDays(date);
    const [r] = await rows<{
      paid_count: string;
      paid_amount: string;
      refunded_count: string;
      refunded_amount: string;
      flagged_count: string;
    }>(
      this.dataSource,
      `SELECT
         (SELECT count(*) FROM orders WHERE status IN ${PAID} AND paid_at >= $1 AND paid_at < $2) AS paid_count,
         (SELECT coalesce(sum(paid_amount), 0) FROM orders
            WHERE status IN ${PAID} AND paid_at >= $1 AND paid_at < $2) AS paid_amount,
         (SELECT count(*) FROM refunds
            WHERE status = 'SUCCEEDED' AND refunded_at >= $1 AND refunded_at < $2) AS refunded_count,
         (SELECT coalesce(sum(amount), 0) FROM refunds
            WHERE status = 'SUCCEEDED' AND refunded_at >= $1 AND refunded_at < $2) AS refunded_amount,
         (SELECT count(*) FROM orders
            WHERE cardinality(flags) > 0 AND created_at >= $1 AND created_at < $2) AS flagged_count`,
      [from, to],
    );
    const paidAmount = Number(r.paid_amount);
    const refundedAmount = Number(r.refunded_amount);
    return {
      date,
      timeZone: 'Asia/Jakarta',
      from: from.toISOString(),
      to: to.toISOString(),
      currency: 'IDR',
      paidCount: Number(r.paid_count),
      paidAmount,
      refundedCount: Number(r.refunded_count),
      refundedAmount,
      netAmount: paidAmount - refundedAmount,
      flaggedCount: Number(r.flagged_count),
    };
  }

  /** Orders created in [from, to), oldest first, with what DOKU refunded of each. */
  orders(from: Date, to: Date): Promise<OrderExportRow[]> {
    return rows<OrderExportRow>(
      this.dataSource,
      `SELECT o.id, o.merchant_reference, o.status, o.flags, o.currency, o.amount, o.paid_amount,
              (SELECT coalesce(sum(r.amount), 0) FROM refunds r
                 WHERE r.order_id = o.id AND r.status = 'SUCCEEDED')::bigint AS refunded_amount,
              o.partner_reference_no, o.reference_no, o.approval_code, o.issuer_name,
              o.terminal_id, o.created_at, o.paid_at
       FROM orders o WHERE o.created_at >= $1 AND o.created_at < $2
       ORDER BY o.created_at, o.id`,
      [from, to],
    );
  }

  /** Refunds created in [from, to), oldest first. */
  refunds(from: Date, to: Date): Promise<RefundExportRow[]> {
    return rows<RefundExportRow>(
      this.dataSource,
      `SELECT r.id, r.order_id, o.merchant_reference, o.reference_no AS order_reference_no,
              r.status, r.currency, r.amount, r.reason, r.actor, r.partner_refund_no,
              r.doku_refund_no, r.failure_code, r.created_at, r.refunded_at
       FROM refunds r JOIN orders o ON o.id = r.order_id
       WHERE r.created_at >= $1 AND r.created_at < $2
       ORDER BY r.created_at, r.id`,
      [from, to],
    );
  }
}
