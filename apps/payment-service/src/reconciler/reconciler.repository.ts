import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { prepared, rows } from '../database/sql.js';
import { Statement } from '../database/statement.js';
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

/**
 * The same columns for the sweep's claim, its times as epoch milliseconds: a number parses
 * much faster than a timestamp's text, and a sweep reads thousands of rows a second.
 */
const CLAIMED = `o.id, o.status, o.flags, o.amount, o.currency, o.partner_reference_no,
  o.reference_no, date_part('epoch', o.created_at) * 1000 AS created_ms,
  date_part('epoch', o.expires_at) * 1000 AS expires_ms,
  date_part('epoch', o.paid_at) * 1000 AS paid_ms, o.paid_amount`;

type ClaimedRow = Omit<ReconciledOrder, 'created_at' | 'expires_at' | 'paid_at'> & {
  created_ms: number;
  expires_ms: number;
  paid_ms: number | null;
};

function fromClaimedRow(r: ClaimedRow): ReconciledOrder {
  return {
    id: r.id,
    status: r.status,
    flags: r.flags,
    amount: r.amount,
    currency: r.currency,
    partner_reference_no: r.partner_reference_no,
    reference_no: r.reference_no,
    created_at: new Date(r.created_ms),
    expires_at: new Date(r.expires_ms),
    paid_at: r.paid_ms === null ? null : new Date(r.paid_ms),
    paid_amount: r.paid_amount,
  };
}

/** An order handed to this replica, with the lease it holds it by. */
export interface ClaimedOrder {
  order: ReconciledOrder;
  /**
   * The `next_poll_at` the claim (or a renewal since) wrote: while it is still there, nobody
   * else touched it.
   */
  lease: Date;
  /** When this replica claimed it (a sweep renews a waiting order's lease only so long). */
  claimedAt: Date;
  /**
   * The lease is also the order's next regular poll (what a query that changes nothing
   * would schedule): such a poll has nothing left to write.
   */
  leaseIsNextPoll: boolean;
  /** When the order was due before the claim (null: it was not scheduled; an admin asked). */
  dueAt: Date | null;
}

/**
 * The leases a claim writes: `regular` (when not null) for a PENDING order at least
 * `minAgeMs` old whose expiry is at least `delayMs` away, leased until `delayMs` from now;
 * `fallback` for every other order.
 */
export interface ClaimLeases {
  fallback: Date;
  regular: { delayMs: number; minAgeMs: number } | null;
  /** Whether the lease an order got is its next regular poll (checked with the schedule). */
  isNextPoll: (order: ReconciledOrder, lease: Date) => boolean;
}

/**
 * The reconciler's SQL, by intent. The schedule is `order_polls` (one row per order that
 * still needs a look: "no next poll" is no row); status changes go through OrderTransitions,
 * which write the schedule in the same statement as the change.
 */
@Injectable()
export class ReconcilerRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Hands the oldest due orders to this replica. `SKIP LOCKED` lets any number of replicas
   * claim at once without waiting for or getting each other's rows; pushing `next_poll_at`
   * to the lease in the same statement is the claim, so it holds after the commit (DOKU is
   * called outside any transaction). Served by `order_polls_due_idx` on a table that holds
   * only the scheduled orders: the cost follows the number of due orders, not the number of
   * orders.
   */
  async claimDue(now: Date, limit: number, leases: ClaimLeases): Promise<ClaimedOrder[]> {
    const claimed = await prepared<ClaimedRow & { lease_ms: number }>(
      this.dataSource,
      CLAIM_DUE_SQL,
      [
        now,
        limit,
        leases.fallback,
        leases.regular?.delayMs ?? null,
        leases.regular?.minAgeMs ?? null,
      ],
    );
    return claimed.map((r) => {
      const order = fromClaimedRow(r);
      const lease = new Date(Math.round(r.lease_ms));
      // Every claimed order was due at `now` or earlier: a release makes it due again then.
      return {
        order,
        lease,
        claimedAt: now,
        leaseIsNextPoll: leases.isNextPoll(order, lease),
        dueAt: now,
      };
    });
  }

  /**
   * Claims one order now, due or not (admin "reconcile now"): schedules it at the lease if it
   * had no poll. Waits for a transition in progress (the order's row lock), so it reads the
   * order as that transition left it.
   */
  async claimOne(orderId: string, lease: Date): Promise<ClaimedOrder | null> {
    return this.dataSource.transaction(async (m) => {
      const [found] = await rows<{ id: string }>(
        m,
        'SELECT id FROM orders WHERE id = $1 FOR NO KEY UPDATE',
        [orderId],
      );
      if (!found) return null;
      const [before] = await rows<{ next_poll_at: Date }>(
        m,
        'SELECT next_poll_at FROM order_polls WHERE order_id = $1 FOR UPDATE',
        [orderId],
      );
      const [order] = await rows<ReconciledOrder>(
        m,
        `WITH p AS (
           INSERT INTO order_polls (order_id, next_poll_at, poll_count) VALUES ($1, $2, 1)
           ON CONFLICT (order_id) DO UPDATE
             SET next_poll_at = EXCLUDED.next_poll_at, poll_count = order_polls.poll_count + 1)
         SELECT ${RETURNED} FROM orders o WHERE o.id = $1`,
        [orderId, lease],
      );
      return {
        order,
        lease,
        claimedAt: new Date(),
        leaseIsNextPoll: false,
        dueAt: before?.next_poll_at ?? null,
      };
    });
  }

  /**
   * Writes the next poll (null: none, the row goes) if the claim still holds (nobody changed
   * `next_poll_at` since): a notification or an admin that acted meanwhile has the last
   * word. False if not.
   */
  async reschedule(
    claim: ClaimedOrder,
    next: Date | null,
    m: EntityManager | DataSource = this.dataSource,
  ): Promise<boolean> {
    const updated = await rows<{ order_id: string }>(
      m,
      next
        ? `UPDATE order_polls SET next_poll_at = $3 WHERE order_id = $1 AND next_poll_at = $2 RETURNING order_id`
        : `DELETE FROM order_polls WHERE order_id = $1 AND next_poll_at = $2 RETURNING order_id`,
      next ? [claim.order.id, claim.lease, next] : [claim.order.id, claim.lease],
    );
    return updated.length === 1;
  }

  /**
   * `reschedule` for many orders in one statement (the sweep's common case: "still pending,
   * poll again later"), each row guarded by its own lease. Returns the ids whose claim
   * still held.
   */
  async rescheduleMany(items: { claim: ClaimedOrder; next: Date | null }[]): Promise<Set<string>> {
    const later = items.filter((i) => i.next !== null);
    const done = items.filter((i) => i.next === null);
    const st = new Statement();
    const ids = (list: typeof items) =>
      `${st.p(pgArray(list.map((i) => i.claim.order.id)))}::text[]`;
    const times = (list: Date[]) =>
      `${st.p(pgArray(list.map((d) => d.toISOString())))}::timestamptz[]`;
    // Looked up by primary key (`order_id = ANY`), each row's lease and next poll picked from
    // the lists: no join, so no plan can walk the whole table.
    const parts: string[] = [];
    if (later.length) {
      const id = ids(later);
      const lease = times(later.map((i) => i.claim.lease));
      const next = times(later.map((i) => i.next!));
      parts.push(`later AS (
        UPDATE order_polls SET next_poll_at = (${next})[array_position(${id}, order_id)]
        WHERE order_id = ANY(${id}) AND next_poll_at = (${lease})[array_position(${id}, order_id)]
        RETURNING order_id)`);
    }
    if (done.length) {
      const id = ids(done);
      const lease = times(done.map((i) => i.claim.lease));
      parts.push(`done AS (
        DELETE FROM order_polls
        WHERE order_id = ANY(${id}) AND next_poll_at = (${lease})[array_position(${id}, order_id)]
        RETURNING order_id)`);
    }
    if (parts.length === 0) return new Set();
    const names = [...(later.length ? ['later'] : []), ...(done.length ? ['done'] : [])];
    // Prepared: three shapes (next polls, no more polls, both).
    const updated = await prepared<{ order_id: string }>(
      this.dataSource,
      `WITH ${parts.join(', ')} ${names.map((n) => `SELECT order_id FROM ${n}`).join(' UNION ALL ')}`,
      st.params,
    );
    return new Set(updated.map((r) => r.order_id));
  }

  /**
   * Pushes the leases of claimed orders still waiting for a worker to `lease`, in one
   * statement, each row guarded by its own current lease (someone who changed the row since
   * keeps it). Returns the ids whose lease was renewed.
   */
  async renewLeases(claims: ClaimedOrder[], lease: Date): Promise<Set<string>> {
    const renewed = await prepared<{ order_id: string }>(
      this.dataSource,
      `UPDATE order_polls SET next_poll_at = $3
       WHERE order_id = ANY($1::text[])
         AND next_poll_at = ($2::timestamptz[])[array_position($1::text[], order_id)]
       RETURNING order_id`,
      [
        pgArray(claims.map((c) => c.order.id)),
        pgArray(claims.map((c) => c.lease.toISOString())),
        lease,
      ],
    );
    return new Set(renewed.map((r) => r.order_id));
  }

  /** Gives a claimed order back as it was (shutdown before it was worked on). */
  release(claim: ClaimedOrder): Promise<boolean> {
    return this.reschedule(claim, claim.dueAt);
  }

  /** The oldest `next_poll_at` that is due (first entry of `order_polls_due_idx`), or null. */
  async oldestDue(now: Date): Promise<Date | null> {
    const [row] = await rows<{ oldest: Date | null }>(
      this.dataSource,
      'SELECT min(next_poll_at) AS oldest FROM order_polls WHERE next_poll_at <= $1',
      [now],
    );
    return row?.oldest ?? null;
  }

  /** When the reconciler looks at the order next (null: no poll scheduled). */
  async nextPollAt(orderId: string): Promise<Date | null> {
    const [row] = await rows<{ next_poll_at: Date }>(
      this.dataSource,
      'SELECT next_poll_at FROM order_polls WHERE order_id = $1',
      [orderId],
    );
    return row?.next_poll_at ?? null;
  }
}

/**
 * Exported for the benchmark's EXPLAIN. The oldest due rows of `order_polls` are locked
 * (`SKIP LOCKED`) and leased, each joined to its order by primary key (a Tid Scan of the
 * locked rows, then one `orders_pkey` lookup per row: no plan walks the whole `orders`
 * table). The lease is written to the very row versions the lock returned (by `ctid`, stable
 * while locked): no second lookup through the primary key, whose entries every poll
 * multiplies. Each row's lease comes from its order ($4/$5: see ClaimLeases) and is returned
 * with the order. The order is not locked: the lease on its `order_polls` row is the claim,
 * and every change made from what the reconciler read is guarded on the order's version by
 * OrderTransitions.
 */
export const CLAIM_DUE_SQL = `
  WITH due AS (
    SELECT ctid FROM order_polls
    WHERE next_poll_at <= $1
    ORDER BY next_poll_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
  )
  UPDATE order_polls p SET
    next_poll_at = CASE
      WHEN o.status = 'PENDING'
        AND o.created_at <= $1 - $5::bigint * interval '1 millisecond'
        AND o.expires_at >= $1 + $4::bigint * interval '1 millisecond'
      THEN $1 + $4::bigint * interval '1 millisecond'
      ELSE $3 END,
    poll_count = p.poll_count + 1
  FROM orders o
  WHERE p.ctid = ANY(ARRAY(SELECT ctid FROM due)) AND o.id = p.order_id
  RETURNING date_part('epoch', p.next_poll_at) * 1000 AS lease_ms, ${CLAIMED}`;

/**
 * An array parameter in PostgreSQL's text form, for elements that need no quoting (order
 * ids: `ord_` + letters and digits; ISO timestamps): one string to send, parsed once.
 */
function pgArray(items: string[]): string {
  return `{${items.join(',')}}`;
}
