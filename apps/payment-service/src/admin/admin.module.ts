import { Module } from '@nestjs/common';
import { OrdersModule } from '../orders/orders.module.js';
import { RefundsModule } from '../refunds/refunds.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { AdminOrderViews } from './admin-order.view.js';
import { AdminOrdersController } from './admin-orders.controller.js';
import { AdminSearchController } from './admin-search.controller.js';

/** The admin API over orders (refunds and webhook resend live with their own modules). */
@Module({
  imports: [OrdersModule, RefundsModule, WebhooksModule],
  controllers: [AdminOrdersController, AdminSearchController],
  providers: [AdminOrderViews],
})
export class AdminModule {}
