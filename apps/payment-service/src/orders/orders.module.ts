import { Module } from '@nestjs/common';
import { IdempotencyStore } from '../common/idempotency/idempotency-store.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { OrderTransitions } from './order-transitions.js';
import { OrdersController } from './orders.controller.js';
import { OrdersRepository } from './orders.repository.js';
import { OrdersService } from './orders.service.js';

@Module({
  imports: [WebhooksModule],
  controllers: [OrdersController],
  providers: [OrdersService, OrdersRepository, OrderTransitions, IdempotencyStore],
  exports: [OrdersService, OrdersRepository, OrderTransitions, IdempotencyStore],
})
export class OrdersModule {}
