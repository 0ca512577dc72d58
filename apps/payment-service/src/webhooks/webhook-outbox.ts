import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type ServiceConfig } from '../config/app-config.js';
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
    // Both are programming errors of the caller, not input from outside.
    if (!isWebhookEventType(event.type)) {
      throw new Error(`unknown webhook event type ${JSON.stringify(event.type)}`);
    }
    if (!Number.isSafeInteger(event.sequence) || event.sequence < 1) {
      throw new Error(`webhook sequence must be a positive integer, got ${event.sequence}`);
    }
    const id = newEventId();
    const payload = buildPayload(id, event.type, new Date(), event.data, event.sequence);
    const url = this.config.webhooks.url;
    // One round trip for the event and its delivery: this runs inside every transition.
    await manager.query(
      `WITH e AS (
         INSERT INTO webhook_events (id, order_id, type, sequence, payload)
         VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING id
       )
       INSERT INTO webhook_deliveries (id, event_id, url, status, next_attempt_at)
       SELECT $6, e.id, $7, 'PENDING', now() FROM e WHERE $7::text IS NOT NULL`,
      [
        id,
        event.orderId,
        event.type,
        event.sequence,
        JSON.stringify(payload),
        newDeliveryId(),
        url ?? null,
      ],
    );
    return id;
  }
}
