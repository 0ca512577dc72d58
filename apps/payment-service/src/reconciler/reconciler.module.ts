import { Module } from '@nestjs/common';
import { OrdersModule } from '../orders/orders.module.js';
import { DokuRateLimiter } from './doku-rate-limiter.js';
import { OrderReconciliation } from './order-reconciliation.js';
import { systemClockProvider } from './reconciler-clock.js';
import { ReconcilerController } from './reconciler.controller.js';
import { ReconcilerMetrics } from './reconciler.metrics.js';
import { ReconcilerRepository } from './reconciler.repository.js';
import { ReconcilerSchedule } from './reconciler.schedule.js';
import { ReconcilerService } from './reconciler.service.js';

/** The scheduled sweep that brings every open order to DOKU's truth (qr-mpm-query). */
@Module({
  imports: [OrdersModule],
  controllers: [ReconcilerController],
  providers: [
    systemClockProvider,
    ReconcilerRepository,
    DokuRateLimiter,
    ReconcilerMetrics,
    OrderReconciliation,
    ReconcilerService,
    ReconcilerSchedule,
  ],
  exports: [ReconcilerService],
})
export class ReconcilerModule {}
