import { Module } from '@nestjs/common';
import { RetentionSchedule } from './retention.schedule.js';
import { RetentionSweep } from './retention.sweep.js';

/** Prunes finished rows (answered idempotency keys, delivered webhooks) after their periods. */
@Module({
  providers: [RetentionSweep, RetentionSchedule],
  exports: [RetentionSweep],
})
export class RetentionModule {}
