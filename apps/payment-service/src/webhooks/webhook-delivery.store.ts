import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { WebhookPayload } from './webhook-payload.js';

/** A delivery this replica holds the lease on, with the attempt number it is making. */
export interface ClaimedDelivery {
  id: string;
  eventId: string;
  /** 1 for the first attempt; the fencing token of this claim. */
  attempt: number;
  payload: WebhookPayload;
}

/** The delivery's state after an attempt. */
export type AttemptOutcome =
  { status: 'SUCCEEDED' } | { status: 'PENDING'; retryInMs: number } | { status: 'DEAD' };

export interface DeliveryRecord {
  id: string;
  eventId: string;
  orderId: string;
  eventType: string;
  status: 'PENDING' | 'SUCCEEDED' | 'DEAD';
}

/** The outbox tables, in SQL: claims and guards are plain statements, easy to review. */
@Injectable()
export class WebhookDeliveryStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims up to `limit` due deliveries in one statement (its own short transaction).
   * `FOR UPDATE SKIP LOCKED` hands each row to one replica; pushing `next_attempt_at` by
   * `leaseMs` is the lease, so no other replica picks it up while this one is POSTing,
   * even after the row lock is gone. The bumped `attempts` fences the result: a replica
   * whose lease ran out cannot overwrite the row once another one has claimed it again.
   * The URL is the one configured now (it may have changed since the event was written).
   *
   * One order's events go out in sequence order: a delivery is not claimed while an event
   * of the same order with a lower sequence still has a PENDING delivery (being retried, or
   * claimed and in flight: a claim keeps it PENDING). DEAD deliveries do not hold the order
   * back. Replicas agree without talking: the earlier delivery is PENDING in every
   * snapshot until its success or dead letter is committed, so no replica sends the later
   * one before that.
   *
   * Cost: the statement looks at the first `4 * limit` due rows only (their earlier events
   * through `webhook_events (order_id, sequence)`, their pending deliveries through
   * `webhook_deliveries_event_idx`), and parks each held-back one until its blocker's
   * next attempt (at least a second away), so a shop that is down for hours does not make
   * every sweep walk through the same blocked rows again. `recordAttempt` wakes the parked
   * followers as soon as the blocker is delivered or dead-lettered.
   */
  async claimDue(limit: number, leaseMs: number, url: string): Promise<ClaimedDelivery[]> {
    const rows: { id: string; event_id: string; attempts: number; payload: WebhookPayload }[] =
      await this.dataSource.query(
        `WITH scan AS (
           SELECT d.id, d.next_attempt_at, blocker.next_attempt_at AS blocked_until
           FROM webhook_deliveries d
           JOIN webhook_events e ON e.id = d.event_id
           LEFT JOIN LATERAL (
             SELECT ed.next_attempt_at
             FROM webhook_events earlier
             JOIN webhook_deliveries ed ON ed.event_id = earlier.id AND ed.status = 'PENDING'
             WHERE earlier.order_id = e.order_id AND earlier.sequence < e.sequence
             ORDER BY ed.next_attempt_at
             LIMIT 1
           ) blocker ON true
           WHERE d.status = 'PENDING' AND d.next_attempt_at <= now()
           ORDER BY d.next_attempt_at, d.id
           LIMIT 4 * $1
           FOR UPDATE OF d SKIP LOCKED
         ), due AS (
           SELECT id FROM scan WHERE blocked_until IS NULL
           ORDER BY next_attempt_at, id
           LIMIT $1
         ), parked AS (
           UPDATE webhook_deliveries d
           SET next_attempt_at = greatest(scan.blocked_until, now() + interval '1 second'),
               updated_at = now()
           FROM scan WHERE d.id = scan.id AND scan.blocked_until IS NOT NULL
         ), claimed AS (
           UPDATE webhook_deliveries d
           SET attempts = d.attempts + 1,
               next_attempt_at = now() + make_interval(secs => $2::double precision / 1000),
               url = $3,
               updated_at = now()
           FROM due WHERE d.id = due.id
           RETURNING d.id, d.event_id, d.attempts
         )
         SELECT c.id, c.event_id, c.attempts, e.payload
         FROM claimed c JOIN webhook_events e ON e.id = c.event_id
         ORDER BY e.created_at, e.id`,
        [limit, leaseMs, url],
      );
    return rows.map((r) => ({
      id: r.id,
      eventId: r.event_id,
      attempt: r.attempts,
      payload: r.payload,
    }));
  }

  /**
   * Records an attempt and the delivery's new state in one statement. The attempt row is
   * always written (the POST happened); the delivery only moves if this claim still holds
   * it (still PENDING with the same attempt number). Returns false when the lease was lost.
   * A delivery that leaves PENDING (delivered or dead-lettered) wakes the later events of
   * its order that `claimDue` parked behind it; only never-attempted ones (`attempts = 0`):
   * a later delivery with attempts is in backoff or in flight, and its lease must hold.
   */
  async recordAttempt(
    claim: ClaimedDelivery,
    result: { statusCode?: number; error?: string; durationMs: number },
    outcome: AttemptOutcome,
  ): Promise<boolean> {
    const retryInMs = outcome.status === 'PENDING' ? outcome.retryInMs : null;
    const rows: { moved: number }[] = await this.dataSource.query(
      `WITH moved AS (
         UPDATE webhook_deliveries
         SET status = $3::text,
             next_attempt_at = CASE WHEN $3::text = 'PENDING'
               THEN now() + make_interval(secs => $4::double precision / 1000) END,
             last_status_code = $5::integer,
             last_error = $6::text,
             delivered_at = CASE WHEN $3::text = 'SUCCEEDED' THEN now() ELSE delivered_at END,
             updated_at = now()
         WHERE id = $1 AND status = 'PENDING' AND attempts = $2
         RETURNING id, event_id
       ), woken AS (
         UPDATE webhook_deliveries f
         SET next_attempt_at = now(), updated_at = now()
         FROM moved
         JOIN webhook_events me ON me.id = moved.event_id
         JOIN webhook_events fe ON fe.order_id = me.order_id AND fe.sequence > me.sequence
         WHERE $3::text <> 'PENDING' AND f.event_id = fe.id
           AND f.status = 'PENDING' AND f.attempts = 0 AND f.next_attempt_at > now()
       )
       INSERT INTO webhook_attempts (delivery_id, attempt, status_code, error, duration_ms)
       VALUES ($1, $2, $5::integer, $6::text, $7)
       RETURNING (SELECT count(*)::integer FROM moved) AS moved`,
      [
        claim.id,
        claim.attempt,
        outcome.status,
        retryInMs,
        result.statusCode ?? null,
        outcome.status === 'SUCCEEDED' ? null : (result.error ?? null),
        Math.max(0, Math.round(result.durationMs)),
      ],
    );
    return rows[0]?.moved === 1;
  }

  /** The delivery with its event, row-locked for the rest of the caller's transaction. */
  async lockDelivery(m: EntityManager, deliveryId: string): Promise<DeliveryRecord | undefined> {
    const rows: {
      id: string;
      event_id: string;
      order_id: string;
      type: string;
      status: DeliveryRecord['status'];
    }[] = await m.query(
      `SELECT d.id, d.event_id, d.status, e.order_id, e.type
       FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
       WHERE d.id = $1
       FOR UPDATE OF d`,
      [deliveryId],
    );
    const r = rows[0];
    return (
      r && {
        id: r.id,
        eventId: r.event_id,
        orderId: r.order_id,
        eventType: r.type,
        status: r.status,
      }
    );
  }

  /** A delivery of the event that is still being attempted, if any. */
  async pendingDeliveryOf(m: EntityManager, eventId: string): Promise<string | undefined> {
    const rows: { id: string }[] = await m.query(
      `SELECT id FROM webhook_deliveries WHERE event_id = $1 AND status = 'PENDING' LIMIT 1`,
      [eventId],
    );
    return rows[0]?.id;
  }

  /** A new PENDING delivery of an existing event, due now. */
  async insertDelivery(m: EntityManager, id: string, eventId: string, url: string): Promise<void> {
    await m.query(
      `INSERT INTO webhook_deliveries (id, event_id, url, status, next_attempt_at)
       VALUES ($1, $2, $3, 'PENDING', now())`,
      [id, eventId, url],
    );
  }
}
