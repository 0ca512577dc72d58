import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { rows } from '../database/sql.js';
import type { QrisPaymentEventRow, QrisPaymentRow } from './qris-payment.row.js';

export interface NewQrisPayment {
  id: string;
  shopKeyId: string;
  idempotencyKey: string;
  partnerReferenceNo: string;
  externalId: string;
  qrContent: string;
  merchantName: string;
  amount: number;
  currency: string;
}

export type QrisPaymentSettlement =
  | {
      status: 'SUCCEEDED';
      referenceNo: string | null;
      approvalCode: string | null;
      feeAmount: number | null;
    }
  | { status: 'FAILED'; failureCode: string; failureMessage: string }
  | {
      status: 'UNKNOWN';
      /** DOKU may have acted on this or an earlier attempt (sticky: never set back). */
      mayHaveActed: boolean;
    };

/** The SQL of QRIS payments and their append-only events, by intent. */
@Injectable()
export class QrisPaymentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertPending(m: EntityManager, p: NewQrisPayment, actor: string): Promise<QrisPaymentRow> {
    const [row] = await rows<QrisPaymentRow>(
      m,
      `INSERT INTO qris_payments (id, shop_key_id, idempotency_key, partner_reference_no, external_id, qr_content, merchant_name, amount, currency, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'PENDING') RETURNING *`,
      [
        p.id,
        p.shopKeyId,
        p.idempotencyKey,
        p.partnerReferenceNo,
        p.externalId,
        p.qrContent,
        p.merchantName,
        p.amount,
        p.currency,
      ],
    );
    await this.addEvent(m, row.id, 'payment.created', null, 'PENDING', actor, {
      idempotencyKey: p.idempotencyKey,
      amount: p.amount,
    });
    return row;
  }

  async findById(id: string, m: EntityManager | DataSource = this.dataSource) {
    const [row] = await rows<QrisPaymentRow>(m, 'SELECT * FROM qris_payments WHERE id = $1', [id]);
    return row ?? null;
  }

  /**
   * Records an answer, guarded on the statuses it may replace (a final status is never
   * replaced), with its event. Returns the updated row, or null when it was not open.
   */
  settle(
    id: string,
    from: readonly QrisPaymentRow['status'][],
    s: QrisPaymentSettlement,
    outcome: string,
    actor: string,
    details: Record<string, unknown>,
  ): Promise<QrisPaymentRow | null> {
    return this.dataSource.transaction(async (m) => {
      const [before] = await rows<QrisPaymentRow>(
        m,
        'SELECT * FROM qris_payments WHERE id = $1 AND status = ANY($2) FOR UPDATE',
        [id, from],
      );
      if (!before) return null;
      const [after] = await rows<QrisPaymentRow>(
        m,
        `UPDATE qris_payments SET status = $2, last_outcome = $3,
           reference_no = COALESCE($4, reference_no), approval_code = COALESCE($5, approval_code),
           fee_amount = COALESCE($6, fee_amount), failure_code = $7, failure_message = $8,
           completed_at = CASE WHEN $2 IN ('SUCCEEDED','FAILED') THEN now() ELSE completed_at END,
           doku_may_have_acted = doku_may_have_acted OR $9,
           updated_at = now()
         WHERE id = $1 RETURNING *`,
        [
          id,
          s.status,
          outcome,
          s.status === 'SUCCEEDED' ? s.referenceNo : null,
          s.status === 'SUCCEEDED' ? s.approvalCode : null,
          s.status === 'SUCCEEDED' ? s.feeAmount : null,
          s.status === 'FAILED' ? s.failureCode : null,
          s.status === 'FAILED' ? s.failureMessage.slice(0, 500) : null,
          s.status === 'UNKNOWN' && s.mayHaveActed,
        ],
      );
      if (before.status !== after.status || after.status !== 'UNKNOWN') {
        await this.addEvent(
          m,
          id,
          `payment.${after.status.toLowerCase()}`,
          before.status,
          after.status,
          actor,
          { ...details, outcome },
        );
      }
      return after;
    });
  }

  events(paymentId: string): Promise<QrisPaymentEventRow[]> {
    return rows<QrisPaymentEventRow>(
      this.dataSource,
      'SELECT id, type, from_status, to_status, actor, details, created_at FROM qris_payment_events WHERE payment_id = $1 ORDER BY id',
      [paymentId],
    );
  }

  private async addEvent(
    m: EntityManager,
    paymentId: string,
    type: string,
    from: string | null,
    to: string,
    actor: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    await m.query(
      `INSERT INTO qris_payment_events (payment_id, type, from_status, to_status, actor, details)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
      [paymentId, type, from, to, actor, JSON.stringify(details)],
    );
  }
}
