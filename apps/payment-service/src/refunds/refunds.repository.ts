import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { rows } from '../database/sql.js';
import type { RefundRow } from './refund.row.js';
import type { RefundStatus } from './domain/refund-rules.js';

export interface NewRefund {
  id: string;
  orderId: string;
  amount: number;
  currency: string;
  reason: string;
  actor: string;
  idempotencyKey: string;
  externalId: string;
  /** Until then the request that created it owns the DOKU call; afterwards the sweep may. */
  leaseUntil: Date;
}

/** What an attempt learnt, written guarded on the refund still being open. */
export type RefundSettlement =
  | { status: 'SUCCEEDED'; dokuRefundNo: string | null; refundedAt: Date; outcome: string }
  | { status: 'FAILED'; failureCode: string; failureMessage: string; outcome: string }
  | {
      status: 'UNKNOWN';
      nextAttemptAt: Date;
      externalId: string | null;
      outcome: string;
      /** DOKU may have acted on this or an earlier attempt (sticky: never set back). */
      mayHaveActed: boolean;
    };

/** The SQL of refunds, by intent. */
@Injectable()
export class RefundsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertPending(m: EntityManager, r: NewRefund): Promise<RefundRow> {
    const [row] = await rows<RefundRow>(
      m,
      `INSERT INTO refunds (id, order_id, amount, currency, reason, status, partner_refund_no, external_id, actor, idempotency_key, attempts, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, 'PENDING', $1, $6, $7, $8, 1, $9) RETURNING *`,
      [
        r.id,
        r.orderId,
        r.amount,
        r.currency,
        r.reason,
        r.externalId,
        r.actor,
        r.idempotencyKey,
        r.leaseUntil,
      ],
    );
    return row;
  }

  async findById(id: string, m: EntityManager | DataSource = this.dataSource) {
    const [row] = await rows<RefundRow>(m, 'SELECT * FROM refunds WHERE id = $1', [id]);
    return row ?? null;
  }

  /** Oldest first. */
  forOrder(orderId: string, m: EntityManager | DataSource = this.dataSource) {
    return rows<RefundRow>(m, 'SELECT * FROM refunds WHERE order_id = $1 ORDER BY created_at, id', [
      orderId,
    ]);
  }

  /** The queue of one status, oldest first (the longest waiting on top), at most `limit`. */
  withStatus(status: RefundStatus, limit: number) {
    return rows<RefundRow>(
      this.dataSource,
      'SELECT * FROM refunds WHERE status = $1 ORDER BY created_at, id LIMIT $2',
      [status, limit],
    );
  }

  async succeededTotal(m: EntityManager, orderId: string): Promise<number> {
    const [row] = await rows<{ total: number }>(
      m,
      `SELECT COALESCE(sum(amount), 0)::bigint AS total FROM refunds WHERE order_id = $1 AND status = 'SUCCEEDED'`,
      [orderId],
    );
    return Number(row.total);
  }

  /**
   * Records an attempt's result unless the refund was settled meanwhile (by a racing
   * attempt): SUCCEEDED and FAILED are final. Returns the row before and after, or null.
   */
  async settle(
    m: EntityManager,
    id: string,
    s: RefundSettlement,
  ): Promise<{ before: RefundRow; after: RefundRow } | null> {
    const [before] = await rows<RefundRow>(
      m,
      `SELECT * FROM refunds WHERE id = $1 AND status IN ('PENDING','UNKNOWN') FOR UPDATE`,
      [id],
    );
    if (!before) return null;
    const sets: string[] = ['status = $2', 'last_outcome = $3', 'updated_at = now()'];
    const params: unknown[] = [id, s.status, s.outcome];
    const set = (column: string, value: unknown) => {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    };
    switch (s.status) {
      case 'SUCCEEDED':
        set('doku_refund_no', s.dokuRefundNo);
        set('refunded_at', s.refundedAt);
        set('next_attempt_at', null);
        break;
      case 'FAILED':
        set('failure_code', s.failureCode);
        set('failure_message', s.failureMessage.slice(0, 500));
        set('next_attempt_at', null);
        break;
      case 'UNKNOWN':
        set('next_attempt_at', s.nextAttemptAt);
        set('external_id', s.externalId);
        params.push(s.mayHaveActed);
        sets.push(`doku_may_have_acted = doku_may_have_acted OR $${params.length}`);
        break;
    }
    const [after] = await rows<RefundRow>(
      m,
      `UPDATE refunds SET ${sets.join(', ')} WHERE id = $1 RETURNING *`,
      params,
    );
    return { before, after };
  }

  /**
   * Claims refunds whose answer is still missing and whose time has come: PENDING ones
   * whose creating request died, UNKNOWN ones due for another attempt. SKIP LOCKED hands
   * each to one replica; pushing next_attempt_at to `leaseUntil` is the lease.
   */
  claimDue(now: Date, leaseUntil: Date, limit: number): Promise<RefundRow[]> {
    return rows<RefundRow>(
      this.dataSource,
      `UPDATE refunds SET next_attempt_at = $2, attempts = attempts + 1, updated_at = now()
       WHERE id IN (
         SELECT id FROM refunds
         WHERE status IN ('PENDING','UNKNOWN') AND next_attempt_at <= $1
         ORDER BY next_attempt_at
         LIMIT $3
         FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [now, leaseUntil, limit],
    );
  }
}
