import { Injectable } from '@nestjs/common';
import {
  presentEvent,
  presentOrder,
  type OrderEventView,
  type OrderView,
} from '../orders/order.presenter.js';
import { OrdersService } from '../orders/orders.service.js';
import type { RefundSummaryView, RefundView } from '../refunds/refund.presenter.js';
import { RefundApprovals, type RefundApprovalView } from '../refunds/refund-approvals.js';
import { RefundsService } from '../refunds/refunds.service.js';
import {
  WebhookDeliveryViews,
  type WebhookDeliveryView,
} from '../webhooks/webhook-delivery.views.js';

/** Everything an admin needs on one page: the order, its refunds, audit trail and webhooks. */
export interface AdminOrderView extends OrderView {
  refundSummary: RefundSummaryView;
  refunds: RefundView[];
  events: OrderEventView[];
  webhookDeliveries: WebhookDeliveryView[];
  /** Refunds above the approval threshold, asked and decided (maker-checker), newest first. */
  refundApprovals: RefundApprovalView[];
}

/** Read side of the admin order page, assembled from the modules that own each part. */
@Injectable()
export class AdminOrderViews {
  constructor(
    private readonly orders: OrdersService,
    private readonly refunds: RefundsService,
    private readonly deliveries: WebhookDeliveryViews,
    private readonly approvals: RefundApprovals,
  ) {}

  async get(id: string): Promise<AdminOrderView> {
    const order = await this.orders.get(id);
    const [refunds, events, webhookDeliveries, refundApprovals] = await Promise.all([
      this.refunds.forOrder(id),
      this.orders.events(id),
      this.deliveries.forOrder(id),
      this.approvals.list(undefined, id),
    ]);
    return {
      ...presentOrder(order),
      refundSummary: refunds.summary,
      refunds: refunds.data,
      events: events.map(presentEvent),
      webhookDeliveries,
      refundApprovals,
    };
  }
}
