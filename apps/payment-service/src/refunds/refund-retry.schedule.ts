import { Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { IntervalSweep } from '../common/scheduling/interval-sweep.js';
import { RefundRetrySweep } from './refund-retry.sweep.js';

export const REFUND_RETRY_INTERVAL = 'refund retry sweep';
/** How often a replica looks for refunds still waiting for DOKU's answer. */
export const REFUND_RETRY_INTERVAL_MS = 5_000;

/** Every 5 s, one `sweepDue` of refunds whose outcome is still unknown. */
@Injectable()
export class RefundRetrySchedule extends IntervalSweep<
  Awaited<ReturnType<RefundRetrySweep['sweepDue']>>
> {
  constructor(
    private readonly retries: RefundRetrySweep,
    registry: SchedulerRegistry,
  ) {
    super(registry, REFUND_RETRY_INTERVAL, new Logger(RefundRetrySweep.name));
  }

  protected interval(): number {
    return REFUND_RETRY_INTERVAL_MS;
  }

  protected sweep() {
    return this.retries.sweepDue();
  }
}
