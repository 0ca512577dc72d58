import { Injectable, Logger } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { MetricsService } from './metrics.service.js';

/** Order statuses that are still in flight: bounded by the live orders, never by history. */
export const OPEN_ORDER_STATUSES = ['CREATING', 'PENDING'] as const;
export const OPEN_REFUND_STATUSES = ['PENDING', 'UNKNOWN'] as const;

// Counts come back as numbers or numeric strings depending on the pg type parsers.
type Num = number | string;
interface BacklogRow {
  orders_creating: Num;
  orders_pending: Num;
  orders_flagged: Num;
  outbox_pending: Num;
  outbox_oldest_age: Num | null;
  outbox_dead: Num;
  refunds_pending: Num;
  refunds_unknown: Num;
}

/**
 * One statement, run when Prometheus scrapes, never on a request path. Each count reads an
 * index over a bounded set only: `orders_status_created_idx` for the two open statuses,
 * the partial `orders_flagged_idx`, `webhook_deliveries_due_idx` (status = 'PENDING'),
 * `webhook_deliveries_dead_idx` (status = 'DEAD') probed against
 * `webhook_deliveries_event_idx`, and `refunds_due_idx` (PENDING/UNKNOWN). Terminal order
 * statuses are not counted here: that would scan every order ever taken (see
 * `order_transitions_total`).
 */
export const BACKLOG_SQL = `
  SELECT
    (SELECT count(*) FROM orders WHERE status = 'CREATING') AS orders_creating,
    (SELECT count(*) FROM orders WHERE status = 'PENDING') AS orders_pending,
    (SELECT count(*) FROM orders WHERE cardinality(flags) > 0) AS orders_flagged,
    p.n AS outbox_pending,
    extract(epoch FROM now() - p.oldest) AS outbox_oldest_age,
    (SELECT count(*) FROM webhook_deliveries d
      WHERE d.status = 'DEAD'
        AND NOT EXISTS (SELECT 1 FROM webhook_deliveries o
                         WHERE o.event_id = d.event_id AND o.status <> 'DEAD')) AS outbox_dead,
    (SELECT count(*) FROM refunds WHERE status = 'PENDING') AS refunds_pending,
    (SELECT count(*) FROM refunds WHERE status = 'UNKNOWN') AS refunds_unknown
  FROM (SELECT count(*) AS n, min(created_at) AS oldest
          FROM webhook_deliveries WHERE status = 'PENDING') p`;

/**
 * The backlogs an operator alerts on, as gauges computed at scrape time from PostgreSQL
 * (the same value on every replica: aggregate with `max`, not `sum`). Every gauge of one
 * scrape shares one query. While the database does not answer they keep their last values
 * (an alert's `for` is not reset by a blip; the readiness alert says the database is gone).
 */
@Injectable()
export class BacklogGauges {
  private readonly logger = new Logger(BacklogGauges.name);
  private inFlight: Promise<BacklogRow | null> | null = null;
  private failing = false;

  constructor(
    metrics: MetricsService,
    private readonly dataSource: DataSource,
  ) {
    const registers = [metrics.registry];
    // prom-client calls every metric's collect() in the same tick of one scrape: the first
    // starts the query, the others join it.
    const gauge = <L extends string>(
      name: string,
      help: string,
      labelNames: readonly L[],
      set: (g: Gauge<L>, row: BacklogRow) => void,
    ): Gauge<L> => {
      const snapshot = () => this.snapshot();
      return new Gauge<L>({
        name,
        help,
        labelNames,
        registers,
        async collect() {
          const row = await snapshot();
          if (!row) return;
          this.reset();
          set(this, row);
        },
      });
    };
    gauge(
      'orders_open',
      'Orders still in flight, by status (CREATING: DOKU not answered yet; PENDING: QR payable).',
      ['status'],
      (g, r) => {
        g.set({ status: 'CREATING' }, Number(r.orders_creating));
        g.set({ status: 'PENDING' }, Number(r.orders_pending));
      },
    );
    gauge('orders_flagged', 'Orders carrying a flag that needs a person.', [], (g, r) =>
      g.set(Number(r.orders_flagged)),
    );
    gauge(
      'webhook_outbox_pending',
      'Webhook deliveries not yet delivered nor dead-lettered (outbox depth).',
      [],
      (g, r) => g.set(Number(r.outbox_pending)),
    );
    gauge(
      'webhook_outbox_oldest_pending_age_seconds',
      'Age of the oldest webhook delivery still pending (0 when none).',
      [],
      (g, r) => g.set(r.outbox_oldest_age === null ? 0 : Math.max(0, Number(r.outbox_oldest_age))),
    );
    gauge(
      'webhook_dead_letters',
      'Dead-lettered webhook deliveries whose event was not delivered since (an admin resend clears one).',
      [],
      (g, r) => g.set(Number(r.outbox_dead)),
    );
    gauge(
      'refunds_open',
      'Refunds not settled yet, by status (PENDING: being retried; UNKNOWN: DOKU may have acted, asked again).',
      ['status'],
      (g, r) => {
        g.set({ status: 'PENDING' }, Number(r.refunds_pending));
        g.set({ status: 'UNKNOWN' }, Number(r.refunds_unknown));
      },
    );
  }

  private snapshot(): Promise<BacklogRow | null> {
    this.inFlight ??= this.query().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async query(): Promise<BacklogRow | null> {
    try {
      const [row] = (await this.dataSource.query(BACKLOG_SQL)) as BacklogRow[];
      if (this.failing) this.logger.log('backlog gauges are back');
      this.failing = false;
      return row;
    } catch (err) {
      // One line when it starts failing, not one per scrape.
      if (!this.failing) {
        this.logger.warn(
          { err: err instanceof Error ? err.message : String(err) },
          'backlog gauges could not be read; they keep their last values until the database answers',
        );
      }
      this.failing = true;
      return null;
    }
  }
}
