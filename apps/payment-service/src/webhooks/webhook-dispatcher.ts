import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type ServiceConfig } from '../config/app-config.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { retryDelayMs } from './webhook-backoff.js';
import {
  type AttemptOutcome,
  type ClaimedDelivery,
  WebhookDeliveryStore,
} from './webhook-delivery.store.js';
import { DELIVERY_ID_PATTERN, newDeliveryId } from './webhook-ids.js';
import type { WebhookPayload } from './webhook-payload.js';
import { WebhookSigner } from './webhook-signature.js';
import { WebhookTransport } from './webhook-transport.js';

export interface DispatchSummary {
  claimed: number;
  delivered: number;
  /** Failed attempts that will be retried. */
  failed: number;
  /** Failed last attempts: the delivery is dead-lettered. */
  dead: number;
}

export interface ResendResult {
  /** The new delivery (PENDING, due now). */
  id: string;
  eventId: string;
  orderId: string;
  eventType: string;
  status: 'PENDING';
  resentFrom: string;
}

/** Claims per sweep and POSTs in flight at once, per replica. */
export const DISPATCH_BATCH_SIZE = 32;
export const DISPATCH_CONCURRENCY = 8;

/**
 * Delivers the outbox to the shop: claim due deliveries, commit, POST outside any
 * transaction, record each attempt. Safe with any number of replicas (see `claimDue`).
 */
@Injectable()
export class WebhookDispatcher {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private readonly signer: WebhookSigner;

  constructor(
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
    private readonly store: WebhookDeliveryStore,
    private readonly transport: WebhookTransport,
    private readonly metrics: MetricsService,
    private readonly dataSource: DataSource,
  ) {
    const { url, secrets } = config.webhooks;
    // Standard Webhooks are always signed: an unsigned delivery is useless to the shop.
    if (url && secrets.length === 0) {
      throw new Error(
        'WEBHOOK_URL is set but WEBHOOK_SECRETS is empty: set at least one whsec_ secret.',
      );
    }
    this.signer = new WebhookSigner(secrets);
  }

  /**
   * The lease covers the slowest sweep: every claimed delivery waits for a free slot, then
   * for its POST (bounded by the timeout), then for its result to be written.
   */
  leaseMs(limit: number): number {
    const rounds = Math.ceil(limit / DISPATCH_CONCURRENCY);
    return rounds * (this.config.webhooks.timeoutMs + 5_000) + 30_000;
  }

  /** One sweep over the due deliveries. Idempotent: safe to run anywhere, any time. */
  async dispatchDue(limit = DISPATCH_BATCH_SIZE): Promise<DispatchSummary> {
    const summary: DispatchSummary = { claimed: 0, delivered: 0, failed: 0, dead: 0 };
    const url = this.config.webhooks.url;
    if (!url) return summary;
    const claims = await this.store.claimDue(limit, this.leaseMs(limit), url);
    summary.claimed = claims.length;
    const outcomes = await mapConcurrently(claims, DISPATCH_CONCURRENCY, (c) =>
      this.deliver(c, url),
    );
    for (const o of outcomes) {
      if (o === 'SUCCEEDED') summary.delivered++;
      else if (o === 'DEAD') summary.dead++;
      else summary.failed++;
    }
    return summary;
  }

  private async deliver(claim: ClaimedDelivery, url: string): Promise<AttemptOutcome['status']> {
    const body = serialize(claim.payload);
    const timestamp = Math.floor(Date.now() / 1000);
    // webhook-id is the event id, the same on every retry and resend: the shop dedupes on it.
    const headers = { ...this.signer.headers(claim.eventId, timestamp, body) };
    const result = await this.transport.post(url, headers, body, this.config.webhooks.timeoutMs);
    const { maxAttempts, backoffBaseMs } = this.config.webhooks;
    const outcome: AttemptOutcome = result.ok
      ? { status: 'SUCCEEDED' }
      : claim.attempt >= maxAttempts
        ? { status: 'DEAD' }
        : { status: 'PENDING', retryInMs: retryDelayMs(claim.attempt, backoffBaseMs) };
    const label = { SUCCEEDED: 'delivered', PENDING: 'failed', DEAD: 'dead' }[outcome.status];
    this.metrics.webhookDeliveries.inc({ result: label });
    const context = {
      deliveryId: claim.id,
      eventId: claim.eventId,
      type: claim.payload.type,
      attempt: claim.attempt,
      statusCode: result.statusCode,
      error: result.error,
      durationMs: result.durationMs,
    };
    if (outcome.status === 'DEAD') {
      this.logger.error(context, `webhook dead-lettered after ${claim.attempt} attempts`);
    } else if (outcome.status === 'PENDING') {
      this.logger.warn({ ...context, retryInMs: outcome.retryInMs }, 'webhook attempt failed');
    }
    try {
      const held = await this.store.recordAttempt(claim, result, outcome);
      if (!held) {
        this.logger.warn(context, 'webhook lease was lost before the attempt was recorded');
      }
    } catch (err) {
      // The lease expires and another sweep retries: at least once, never lost.
      this.logger.error({ ...context, err }, 'could not record a webhook attempt');
    }
    return outcome.status;
  }

  /**
   * Admin resend: a new PENDING delivery of the same event (same `webhook-id`, so a shop
   * that already has it can ignore it), due now, audited in order_events with the actor.
   * Refused while a delivery of the event is still being attempted, so one event never
   * has two delivery series racing each other.
   */
  async resend(deliveryId: string, actor: string, reason?: string): Promise<ResendResult> {
    if (!DELIVERY_ID_PATTERN.test(deliveryId)) {
      throw new DomainError(
        'invalid',
        'WEBHOOK_DELIVERY_ID_MALFORMED',
        `"${deliveryId.slice(0, 64)}" is not a webhook delivery id (whd_ followed by 24 characters).`,
      );
    }
    const url = this.config.webhooks.url;
    if (!url) {
      throw new DomainError(
        'unprocessable',
        'WEBHOOK_URL_NOT_CONFIGURED',
        'No webhook URL is configured (WEBHOOK_URL), so there is nowhere to resend to.',
      );
    }
    return this.dataSource.transaction(async (m) => {
      const original = await this.store.lockDelivery(m, deliveryId);
      if (!original) {
        throw new DomainError(
          'not_found',
          'WEBHOOK_DELIVERY_NOT_FOUND',
          `No webhook delivery ${deliveryId}.`,
        );
      }
      const pending = await this.store.pendingDeliveryOf(m, original.eventId);
      if (pending) {
        throw new DomainError(
          'conflict',
          'WEBHOOK_DELIVERY_PENDING',
          `Event ${original.eventId} is still being delivered (${pending}); resend it once that delivery succeeded or was dead-lettered.`,
          { pendingDeliveryId: pending },
        );
      }
      const id = newDeliveryId();
      await this.store.insertDelivery(m, id, original.eventId, url);
      await m.query(
        `INSERT INTO order_events (order_id, type, source, actor, details)
         VALUES ($1, 'webhook.resend', 'admin', $2, $3::jsonb)`,
        [
          original.orderId,
          actor,
          JSON.stringify({
            deliveryId: id,
            resentFrom: deliveryId,
            eventId: original.eventId,
            eventType: original.eventType,
            previousStatus: original.status,
            ...(reason ? { reason } : {}),
          }),
        ],
      );
      this.logger.log(
        { deliveryId: id, resentFrom: deliveryId, eventId: original.eventId, actor },
        'webhook resend scheduled',
      );
      return {
        id,
        eventId: original.eventId,
        orderId: original.orderId,
        eventType: original.eventType,
        status: 'PENDING' as const,
        resentFrom: deliveryId,
      };
    });
  }
}

/** The exact bytes sent and signed: the stored payload with its keys in a readable order. */
export function serialize(payload: WebhookPayload): string {
  const { id, type, timestamp, data } = payload;
  return JSON.stringify({ id, type, timestamp, data });
}

async function mapConcurrently<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
