import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A delivery as the admin API shows it (no payload, no signature, no secret). */
export interface WebhookDeliveryView {
  id: string;
  eventId: string;
  eventType: string;
  sequence: number;
  url: string;
  status: 'PENDING' | 'SUCCEEDED' | 'DEAD';
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

/** A delivery in a queue across orders: which order it is about. */
export interface QueuedDeliveryView extends WebhookDeliveryView {
  orderId: string;
}

type DeliveryRow = {
  id: string;
  event_id: string;
  order_id: string;
  type: string;
  sequence: number;
  url: string;
  status: WebhookDeliveryView['status'];
  attempts: number;
  next_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: Date;
};

const COLUMNS = `d.id, d.event_id, e.order_id, e.type, e.sequence, d.url, d.status, d.attempts,
  d.next_attempt_at, d.last_status_code, d.last_error, d.delivered_at, d.created_at`;

/** Read side for the admin order view (`GET /admin/v1/orders/{id}`). */
@Injectable()
export class WebhookDeliveryViews {
  constructor(private readonly dataSource: DataSource) {}

  /** Every delivery of the order's events, oldest event first. */
  async forOrder(orderId: string): Promise<WebhookDeliveryView[]> {
    const rows: DeliveryRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS}
       FROM webhook_events e JOIN webhook_deliveries d ON d.event_id = e.id
       WHERE e.order_id = $1
       ORDER BY e.sequence, d.created_at, d.id`,
      [orderId],
    );
    return rows.map(present);
  }

  /**
   * Deliveries of one status across orders, oldest first: `DEAD` is the queue of webhooks
   * the shop never took. A dead delivery already resent (a newer delivery of the same event
   * exists) is left out: the resend is what to watch now.
   */
  async withStatus(
    status: WebhookDeliveryView['status'],
    limit: number,
  ): Promise<QueuedDeliveryView[]> {
    const rows: DeliveryRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS}
       FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
       WHERE d.status = $1
         AND NOT EXISTS (SELECT 1 FROM webhook_deliveries n
                         WHERE n.event_id = d.event_id AND n.created_at > d.created_at)
       ORDER BY d.created_at, d.id LIMIT $2`,
      [status, limit],
    );
    return rows.map((r) => ({ ...present(r), orderId: r.order_id }));
  }
}

function present(r: DeliveryRow): WebhookDeliveryView {
  return {
    id: r.id,
    eventId: r.event_id,
    eventType: r.type,
    sequence: r.sequence,
    url: r.url,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'PENDING' ? iso(r.next_attempt_at) : null,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    deliveredAt: iso(r.delivered_at),
    createdAt: r.created_at.toISOString(),
  };
}

function iso(d: Date | null): string | null {
  return d ? d.toISOString() : null;
}
