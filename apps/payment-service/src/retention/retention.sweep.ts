import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type ServiceConfig } from '../config/app-config.js';
import { MetricsService } from '../metrics/metrics.service.js';

/** Rows per DELETE statement: short statements, short row locks, no long transaction. */
export const RETENTION_BATCH = 1000;
/** Statements per table and run: a run stays small; a backlog drains over several runs. */
export const RETENTION_BATCHES_PER_RUN = 5;

export interface RetentionResult {
  /** Rows deleted in all (the sweep logs at info when it did something). */
  claimed: number;
  idempotencyKeys: number;
  webhookEvents: number;
  webhookDeliveries: number;
  webhookAttempts: number;
}

/**
 * Deletes what is finished and old: idempotency keys whose answer is recorded (a final
 * answer: an in-flight or unknown outcome has none yet) and webhook events delivered
 * successfully, with their deliveries and attempts, once nothing of the event is pending.
 * Dead-lettered and pending webhooks and keys without an answer are never touched.
 * Every statement picks its rows with FOR UPDATE SKIP LOCKED, so replicas running the
 * sweep together delete disjoint rows and never wait on each other or on live work.
 */
@Injectable()
export class RetentionSweep {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
    private readonly dataSource: DataSource,
    private readonly metrics: MetricsService,
  ) {}

  async prune(): Promise<RetentionResult> {
    const r: RetentionResult = {
      claimed: 0,
      idempotencyKeys: 0,
      webhookEvents: 0,
      webhookDeliveries: 0,
      webhookAttempts: 0,
    };
    const { idempotencyKeyDays, webhookDays } = this.config.retention;
    for (let i = 0; idempotencyKeyDays > 0 && i < RETENTION_BATCHES_PER_RUN; i++) {
      const n = await this.pruneIdempotencyKeys(idempotencyKeyDays);
      r.idempotencyKeys += n;
      if (n < RETENTION_BATCH) break;
    }
    for (let i = 0; webhookDays > 0 && i < RETENTION_BATCHES_PER_RUN; i++) {
      const w = await this.pruneWebhooks(webhookDays);
      r.webhookEvents += w.events;
      r.webhookDeliveries += w.deliveries;
      r.webhookAttempts += w.attempts;
      if (w.events < RETENTION_BATCH) break;
    }
    r.claimed = r.idempotencyKeys + r.webhookEvents + r.webhookDeliveries + r.webhookAttempts;
    const pruned = this.metrics.retentionPrunedRows;
    pruned.inc({ table: 'idempotency_keys' }, r.idempotencyKeys);
    pruned.inc({ table: 'webhook_events' }, r.webhookEvents);
    pruned.inc({ table: 'webhook_deliveries' }, r.webhookDeliveries);
    pruned.inc({ table: 'webhook_attempts' }, r.webhookAttempts);
    return r;
  }

  private async pruneIdempotencyKeys(days: number): Promise<number> {
    const rows: { n: string }[] = await this.dataSource.query(
      `WITH picked AS (
         SELECT scope, key FROM idempotency_keys
         WHERE created_at < now() - make_interval(days => $1) AND response_status IS NOT NULL
         LIMIT $2 FOR UPDATE SKIP LOCKED),
       gone AS (
         DELETE FROM idempotency_keys k USING picked p
         WHERE k.scope = p.scope AND k.key = p.key RETURNING 1)
       SELECT count(*) AS n FROM gone`,
      [days, RETENTION_BATCH],
    );
    return Number(rows[0].n);
  }

  /**
   * One batch of events whose every delivery is over: at least one succeeded before the
   * cutoff, none is pending, none succeeded after the cutoff (a recent resend keeps it).
   * The event row is locked SKIP LOCKED: a resend inserting a delivery holds a key-share
   * lock on it, so an event being resent is skipped.
   */
  private async pruneWebhooks(
    days: number,
  ): Promise<{ events: number; deliveries: number; attempts: number }> {
    const rows: { events: string; deliveries: string; attempts: string }[] =
      await this.dataSource.query(
        `WITH cutoff AS (SELECT now() - make_interval(days => $1) AS at),
         candidates AS (
           SELECT DISTINCT d.event_id AS id FROM webhook_deliveries d, cutoff
           WHERE d.status = 'SUCCEEDED' AND d.delivered_at < cutoff.at
             AND NOT EXISTS (
               SELECT 1 FROM webhook_deliveries o
               WHERE o.event_id = d.event_id
                 AND (o.status = 'PENDING' OR o.delivered_at >= cutoff.at))
           LIMIT $2),
         picked AS (
           SELECT e.id FROM webhook_events e JOIN candidates c ON c.id = e.id
           FOR UPDATE OF e SKIP LOCKED),
         attempts AS (
           DELETE FROM webhook_attempts a USING webhook_deliveries d, picked p
           WHERE a.delivery_id = d.id AND d.event_id = p.id RETURNING 1),
         deliveries AS (
           DELETE FROM webhook_deliveries d USING picked p WHERE d.event_id = p.id RETURNING 1),
         events AS (
           DELETE FROM webhook_events e USING picked p WHERE e.id = p.id RETURNING 1)
         SELECT (SELECT count(*) FROM events) AS events,
                (SELECT count(*) FROM deliveries) AS deliveries,
                (SELECT count(*) FROM attempts) AS attempts`,
        [days, RETENTION_BATCH],
      );
    return {
      events: Number(rows[0].events),
      deliveries: Number(rows[0].deliveries),
      attempts: Number(rows[0].attempts),
    };
  }
}
