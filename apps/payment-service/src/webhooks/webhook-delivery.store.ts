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
   */
  async claimDue(limit: number, leaseMs: number, url: string): Promise<ClaimedDelivery[]> {
    const rows: { id: string; event_id: string; attempts: number; payload: WebhookPayload }[] =
      await this.dataSource.query(
        `WITH due AS (
           SELECT id FROM webhook_deliveries
           WHERE status = 'PENDING' AND next_attempt_at <= now()
           ORDER BY next_attempt_at, id
           LIMIT $1
           FOR UPDATE SKIP LOCKED
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
         RETURNING id
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
