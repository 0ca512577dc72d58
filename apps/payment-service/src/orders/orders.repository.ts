import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { CursorPosition } from '../common/cursor.js';
import type { OrderRow } from './order.row.js';

export interface NewOrder {
  id: string;
  merchantReference: string;
  shopKeyId: string;
  amount: number;
  currency: string;
  partnerReferenceNo: string;
  terminalId: string;
  description: string | null;
  metadata: Record<string, unknown> | null;
  expiresAt: Date;
  /** When the reconciler should look at it if the creating request never finishes. */
  nextPollAt: Date;
}

export interface OrderFilter {
  merchantReference?: string;
  referenceNo?: string;
  status?: string;
  flagged?: boolean;
  createdFrom?: Date;
  createdTo?: Date;
  after?: CursorPosition;
  limit: number;
}

export interface OrderEventRow {
  id: number;
  type: string;
  from_status: string | null;
  to_status: string | null;
  source: string;
  actor: string;
  evidence_digest: string | null;
  details: Record<string, unknown> | null;
  created_at: Date;
}

/** The SQL of orders, by intent. Transitions live in OrderTransitions. */
@Injectable()
export class OrdersRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertCreating(m: EntityManager, o: NewOrder): Promise<OrderRow> {
    const rows: OrderRow[] = await m.query(
      `INSERT INTO orders (id, merchant_reference, shop_key_id, amount, currency, status, partner_reference_no, terminal_id, description, metadata, expires_at, next_poll_at)
       VALUES ($1, $2, $3, $4, $5, 'CREATING', $6, $7, $8, $9, $10, $11) RETURNING *`,
      [
        o.id,
        o.merchantReference,
        o.shopKeyId,
        o.amount,
        o.currency,
        o.partnerReferenceNo,
        o.terminalId,
        o.description,
        o.metadata ? JSON.stringify(o.metadata) : null,
        o.expiresAt,
        o.nextPollAt,
      ],
    );
    return rows[0];
  }

  async findById(
    id: string,
    m: EntityManager | DataSource = this.dataSource,
  ): Promise<OrderRow | null> {
    const rows: OrderRow[] = await m.query('SELECT * FROM orders WHERE id = $1', [id]);
    return rows[0] ?? null;
  }

  async findByPartnerReference(partnerReferenceNo: string): Promise<OrderRow | null> {
    const rows: OrderRow[] = await this.dataSource.query(
      'SELECT * FROM orders WHERE partner_reference_no = $1',
      [partnerReferenceNo],
    );
    return rows[0] ?? null;
  }

  /** Newest first, keyset-paginated on (created_at, id). */
  async list(f: OrderFilter): Promise<OrderRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.merchantReference) add('merchant_reference = ?', f.merchantReference);
    if (f.referenceNo) add('reference_no = ?', f.referenceNo);
    if (f.status) add('status = ?', f.status);
    if (f.flagged) where.push('cardinality(flags) > 0');
    if (f.createdFrom) add('created_at >= ?', f.createdFrom);
    if (f.createdTo) add('created_at < ?', f.createdTo);
    if (f.after) {
      params.push(f.after.createdAt, f.after.id);
      where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length})`);
    }
    params.push(f.limit);
    return this.dataSource.query(
      `SELECT * FROM orders ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
  }

  /** Asks the reconciler to look at an order at its next sweep. */
  async requestPollNow(orderId: string): Promise<void> {
    await this.dataSource.query('UPDATE orders SET next_poll_at = now() WHERE id = $1', [orderId]);
  }

  async events(orderId: string): Promise<OrderEventRow[]> {
    return this.dataSource.query(
      'SELECT id, type, from_status, to_status, source, actor, evidence_digest, details, created_at FROM order_events WHERE order_id = $1 ORDER BY id',
      [orderId],
    );
  }
}
