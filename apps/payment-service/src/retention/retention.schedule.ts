import { Inject, Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { IntervalSweep } from '../common/scheduling/interval-sweep.js';
import { APP_CONFIG, type ServiceConfig } from '../config/app-config.js';
import { type RetentionResult, RetentionSweep } from './retention.sweep.js';

export const RETENTION_INTERVAL = 'retention sweep';

/** Every `RETENTION_INTERVAL_MS`, one `prune` (unless both periods are 0: keep forever). */
@Injectable()
export class RetentionSchedule extends IntervalSweep<RetentionResult> {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
    private readonly retention: RetentionSweep,
    registry: SchedulerRegistry,
  ) {
    super(registry, RETENTION_INTERVAL, new Logger(RetentionSweep.name));
  }

  protected interval(): number | string {
    const { idempotencyKeyDays, webhookDays, intervalMs } = this.config.retention;
    return idempotencyKeyDays > 0 || webhookDays > 0
      ? intervalMs
      : 'RETENTION_* are 0: idempotency keys and delivered webhooks are kept forever';
  }

  protected sweep(): Promise<RetentionResult> {
    return this.retention.prune();
  }
}
