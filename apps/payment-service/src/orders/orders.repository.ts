import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { CursorPosition } from '../common/cursor.js';
import { prepared } from '../database/sql.js';
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
  flag?: string;
  amountMin?: number;
  amountMax?: number;
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
/**
 * A new order's first statement: the shop's Idempotency-Key, the CREATING row, its
 * `order.created` event and its first poll. Exported for bench:orders, whose SQL-only
 * baseline runs this very text.
 */
export const INSERT_CREATING_SQL = `WITH k AS (
     INSERT INTO idempotency_keys (scope, key, request_hash, resource_id) VALUES ($12, $13, $14, $1)
     ON CONFLICT (scope, key) DO NOTHING RETURNING key
   ), o AS (
     INSERT INTO orders (id, merchant_reference, shop_key_id, amount, currency, status, partner_reference_no, terminal_id, description, metadata, expires_at)
     SELECT $1, $2, $3, $4::bigint, $5, 'CREATING', $6, $7, $8, $9::jsonb, $10::timestamptz WHERE EXISTS (SELECT 1 FROM k)
     RETURNING *
   ), e AS (
     INSERT INTO order_events (order_id, type, to_status, source, actor, details)
     SELECT o.id, 'order.created', 'CREATING', 'api', o.shop_key_id, $15::jsonb FROM o
   ), np AS (
     INSERT INTO order_polls (order_id, next_poll_at) SELECT o.id, $11::timestamptz FROM o
   )
   SELECT * FROM o`;

@Injectable()
export class OrdersRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims the shop's idempotency key, writes the CREATING order, its `order.created` event
   * and its first poll (`order_polls`) in ONE statement (atomic, one round trip). Null when
   * the key was already used.
   */
  async insertCreatingWithKey(
    o: NewOrder,
    key: { scope: string; key: string; hash: string },
    details: Record<string, unknown>,
  ): Promise<OrderRow | null> {
    const created = await prepared<OrderRow>(this.dataSource, INSERT_CREATING_SQL, [
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
      key.scope,
      key.key,
      key.hash,
      JSON.stringify(details),
    ]);
    return created[0] ?? null;
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
    if (f.flag) add('? = ANY(flags)', f.flag);
    if (f.amountMin !== undefined) add('amount >= ?', f.amountMin);
    if (f.amountMax !== undefined) add('amount <= ?', f.amountMax);
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
    await this.dataSource.query(
      `INSERT INTO order_polls (order_id, next_poll_at) SELECT id, now() FROM orders WHERE id = $1
       ON CONFLICT (order_id) DO UPDATE SET next_poll_at = EXCLUDED.next_poll_at`,
      [orderId],
    );
  }

  async events(orderId: string): Promise<OrderEventRow[]> {
    return this.dataSource.query(
      'SELECT id, type, from_status, to_status, source, actor, evidence_digest, details, created_at FROM order_events WHERE order_id = $1 ORDER BY id',
      [orderId],
    );
  }
}
