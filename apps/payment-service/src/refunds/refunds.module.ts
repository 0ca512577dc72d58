import { Module } from '@nestjs/common';
import { OrdersModule } from '../orders/orders.module.js';
import { RefundApprovals } from './refund-approvals.js';
import { RefundApprovalsController } from './refund-approvals.controller.js';
import { RefundQueueController } from './refund-queue.controller.js';
import { RefundAttempts } from './refund-attempts.js';
import { RefundRetrySchedule } from './refund-retry.schedule.js';
import { RefundRetrySweep } from './refund-retry.sweep.js';
import { RefundsController } from './refunds.controller.js';
import { RefundsRepository } from './refunds.repository.js';
import { RefundsService } from './refunds.service.js';

/** Refunds: child rows of an order, sent to DOKU outside any transaction, retried when unknown. */
@Module({
  imports: [OrdersModule],
  controllers: [RefundsController, RefundApprovalsController, RefundQueueController],
  providers: [
    RefundsService,
    RefundsRepository,
    RefundAttempts,
    RefundRetrySweep,
    RefundRetrySchedule,
    RefundApprovals,
  ],
  exports: [RefundsService, RefundRetrySweep, RefundApprovals],
})
export class RefundsModule {}
