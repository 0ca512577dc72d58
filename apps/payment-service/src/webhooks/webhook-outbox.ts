import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type ServiceConfig } from '../config/app-config.js';
import { Statement } from '../database/statement.js';
import { newDeliveryId, newEventId } from './webhook-ids.js';
import { buildPayload, isWebhookEventType, type WebhookEventType } from './webhook-payload.js';

export type { WebhookEventType } from './webhook-payload.js';

export interface OutboxEvent {
  orderId: string;
  type: WebhookEventType;
  /** Per-order counter, bumped by the caller in the same transaction (unique per order). */
  sequence: number;
  /** The order as the API shows it. */
  data: Record<string, unknown>;
}

/**
 * The transactional outbox: the event is written by the transaction that made the change,
 * so a committed transition always has its webhook and a rolled-back one never does.
 * Delivery happens later, outside any transaction (`WebhookDispatcher`).
 */
@Injectable()
export class WebhookOutbox {
  constructor(@Inject(APP_CONFIG) private readonly config: ServiceConfig) {}

  /**
   * Inside the caller's open transaction (same EntityManager): writes the webhook_events row
   * and, when a webhook URL is configured, its PENDING delivery due now. Returns the event id.
   */
  async enqueue(manager: EntityManager, event: OutboxEvent): Promise<string> {
    const st = new Statement();
    const { id, ctes } = this.ctes(st, event, 'w');
    await manager.query(`WITH ${ctes.join(', ')} SELECT id FROM w`, st.params);
    return id;
  }

  /**
   * The same writes as CTE entries (`name` and `name_d`) for a caller's single statement,
   * made only when `guard` (an SQL condition, e.g. that the caller's UPDATE hit a row)
   * holds: a transition, its audit event and its webhooks in one round trip.
   */
  ctes(
    st: Statement,
    event: OutboxEvent,
    name: string,
    guard = 'true',
  ): { id: string; ctes: string[] } {
    // Both are programming errors of the caller, not input from outside.
    if (!isWebhookEventType(event.type)) {
      throw new Error(`unknown webhook event type ${JSON.stringify(event.type)}`);
    }
    if (!Number.isSafeInteger(event.sequence) || event.sequence < 1) {
      throw new Error(`webhook sequence must be a positive integer, got ${event.sequence}`);
    }
    const id = newEventId();
    const payload = buildPayload(id, event.type, new Date(), event.data, event.sequence);
    const url = st.p(this.config.webhooks.url ?? null);
    return {
      id,
      ctes: [
        `${name} AS (
           INSERT INTO webhook_events (id, order_id, type, sequence, payload)
           SELECT ${st.p(id)}, ${st.p(event.orderId)}, ${st.p(event.type)}, ${st.p(event.sequence)}::int, ${st.p(JSON.stringify(payload))}::jsonb
           WHERE ${guard} RETURNING id)`,
        `${name}_d AS (
           INSERT INTO webhook_deliveries (id, event_id, url, status, next_attempt_at)
           SELECT ${st.p(newDeliveryId())}, ${name}.id, ${url}, 'PENDING', now() FROM ${name} WHERE ${url}::text IS NOT NULL)`,
      ],
    };
  }
}
