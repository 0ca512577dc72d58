import { Injectable } from '@nestjs/common';
import { presentOrder, type OrderView } from '../orders/order.presenter.js';
import type { OrderEventRow } from '../orders/orders.repository.js';
import { OrdersService } from '../orders/orders.service.js';
import type { RefundSummaryView, RefundView } from '../refunds/refund.presenter.js';
import { RefundsService } from '../refunds/refunds.service.js';
import {
  WebhookDeliveryViews,
  type WebhookDeliveryView,
} from '../webhooks/webhook-delivery.views.js';

export interface OrderEventView {
  id: number;
  type: string;
  from: string | null;
  to: string | null;
  source: string;
  actor: string;
  evidenceDigest: string | null;
  details: Record<string, unknown> | null;
  at: string;
}

/** Everything an admin needs on one page: the order, its refunds, audit trail and webhooks. */
export interface AdminOrderView extends OrderView {
  refundSummary: RefundSummaryView;
  refunds: RefundView[];
  events: OrderEventView[];
  webhookDeliveries: WebhookDeliveryView[];
}

export function presentEvent(e: OrderEventRow): OrderEventView {
  return {
    id: Number(e.id),
    type: e.type,
    from: e.from_status,
    to: e.to_status,
    source: e.source,
    actor: e.actor,
    evidenceDigest: e.evidence_digest,
    details: e.details,
    at: e.created_at.toISOString(),
  };
}

/** Read side of the admin order page, assembled from the modules that own each part. */
@Injectable()
export class AdminOrderViews {
  constructor(
    private readonly orders: OrdersService,
    private readonly refunds: RefundsService,
    private readonly deliveries: WebhookDeliveryViews,
  ) {}

  async get(id: string): Promise<AdminOrderView> {
    const order = await this.orders.get(id);
    const [refunds, events, webhookDeliveries] = await Promise.all([
      this.refunds.forOrder(id),
      this.orders.events(id),
      this.deliveries.forOrder(id),
    ]);
    return {
      ...presentOrder(order),
      refundSummary: refunds.summary,
      refunds: refunds.data,
      events: events.map(presentEvent),
      webhookDeliveries,
    };
  }
}
