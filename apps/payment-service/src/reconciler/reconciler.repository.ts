import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { rows } from '../database/sql.js';
import type { OrderRow } from '../orders/order.row.js';

/** The columns the reconciler reads (not `*`: a sweep parses thousands of these a second). */
export type ReconciledOrder = Pick<
  OrderRow,
  | 'id'
  | 'status'
  | 'flags'
  | 'amount'
  | 'currency'
  | 'partner_reference_no'
  | 'reference_no'
  | 'created_at'
  | 'expires_at'
  | 'paid_at'
  | 'paid_amount'
>;

const RETURNED = `o.id, o.status, o.flags, o.amount, o.currency, o.partner_reference_no,
  o.reference_no, o.created_at, o.expires_at, o.paid_at, o.paid_amount`;

/** An order handed to this replica, with the lease it holds it by. */
export interface ClaimedOrder {
  order: ReconciledOrder;
  /** The `next_poll_at` the claim wrote: while it is still there, nobody else touched it. */
  lease: Date;
  /** When the order was due before the claim (null: it was not scheduled; an admin asked). */
  dueAt: Date | null;
}

/** The reconciler's SQL, by intent. Status changes go through OrderTransitions. */
@Injectable()
export class ReconcilerRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Hands the oldest due orders to this replica. `SKIP LOCKED` lets any number of replicas
   * claim at once without waiting for or getting each other's rows; pushing `next_poll_at`
   * to the lease in the same statement is the claim, so it holds after the commit (DOKU is
   * called outside any transaction). Served by the partial index `orders_due_poll_idx`:
   * the cost follows the number of due orders, not the table's size.
   */
  async claimDue(now: Date, limit: number, lease: Date): Promise<ClaimedOrder[]> {
    const claimed = await rows<ReconciledOrder>(this.dataSource, CLAIM_DUE_SQL, [
      now,
      limit,
      lease,
    ]);
    // Every claimed order was due at `now` or earlier: a release makes it due again at `now`.
    return claimed.map((order) => ({ order, lease, dueAt: now }));
  }

  /** Claims one order now, due or not (admin "reconcile now"); waits for a transition in progress. */
  async claimOne(orderId: string, lease: Date): Promise<ClaimedOrder | null> {
    const [row] = await rows<ReconciledOrder & { due_at: Date | null }>(
      this.dataSource,
      `UPDATE orders o SET next_poll_at = $2, poll_count = o.poll_count + 1
       FROM (SELECT id, next_poll_at FROM orders WHERE id = $1 FOR UPDATE) before
       WHERE o.id = before.id
       RETURNING ${RETURNED}, before.next_poll_at AS due_at`,
      [orderId, lease],
    );
    if (!row) return null;
    const { due_at, ...order } = row;
    return { order, lease, dueAt: due_at };
  }

  /**
   * Writes the next poll if the claim still holds (nobody changed `next_poll_at` since):
   * a notification or an admin that acted meanwhile has the last word. False if not.
   */
  async reschedule(
    claim: ClaimedOrder,
    next: Date | null,
    m: EntityManager | DataSource = this.dataSource,
  ): Promise<boolean> {
    const updated = await rows<{ id: string }>(
      m,
      `UPDATE orders SET next_poll_at = $3 WHERE id = $1 AND next_poll_at = $2 RETURNING id`,
      [claim.order.id, claim.lease, next],
    );
    return updated.length === 1;
  }

  /**
   * `reschedule` for many orders in one statement (the sweep's common case: "still pending,
   * poll again later"). Returns the ids whose claim still held.
   */
  async rescheduleMany(items: { claim: ClaimedOrder; next: Date | null }[]): Promise<Set<string>> {
    const byLease = new Map<number, { claim: ClaimedOrder; next: Date | null }[]>();
    for (const i of items) {
      const group = byLease.get(i.claim.lease.getTime()) ?? [];
      group.push(i);
      byLease.set(i.claim.lease.getTime(), group);
    }
    const held = new Set<string>();
    for (const [lease, group] of byLease) {
      // Looked up by primary key (`id = ANY`), each row's next poll picked from the list:
      // no join, so no plan can walk the whole table.
      const updated = await rows<{ id: string }>(
        this.dataSource,
        `UPDATE orders SET next_poll_at = ($3::timestamptz[])[array_position($2::text[], id)]
         WHERE id = ANY($2::text[]) AND next_poll_at = $1
         RETURNING id`,
        [new Date(lease), group.map((i) => i.claim.order.id), group.map((i) => i.next)],
      );
      for (const r of updated) held.add(r.id);
    }
    return held;
  }

  /** Gives a claimed order back as it was (shutdown before it was worked on). */
  release(claim: ClaimedOrder): Promise<boolean> {
    return this.reschedule(claim, claim.dueAt);
  }

  /** The oldest `next_poll_at` that is due (first entry of the partial index), or null. */
  async oldestDue(now: Date): Promise<Date | null> {
    const [row] = await rows<{ oldest: Date | null }>(
      this.dataSource,
      'SELECT min(next_poll_at) AS oldest FROM orders WHERE next_poll_at <= $1',
      [now],
    );
    return row?.oldest ?? null;
  }
}

/**
 * Exported for the benchmark's EXPLAIN. The claimed rows are updated by primary key
 * (`id = ANY(ARRAY(...))`): no join, so no plan walks the whole table.
 */
export const CLAIM_DUE_SQL = `
  WITH due AS (
    SELECT id FROM orders
    WHERE next_poll_at <= $1
    ORDER BY next_poll_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
  )
  UPDATE orders o SET next_poll_at = $3, poll_count = o.poll_count + 1
  WHERE o.id = ANY(ARRAY(SELECT id FROM due))
  RETURNING ${RETURNED}`;
