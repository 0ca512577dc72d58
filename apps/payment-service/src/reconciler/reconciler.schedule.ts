import { Inject, Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { IntervalSweep } from '../common/scheduling/interval-sweep.js';
import { APP_CONFIG, type ServiceConfig } from '../config/app-config.js';
import { ReconcilerService, type SweepSummary } from './reconciler.service.js';

export const RECONCILER_INTERVAL = 'reconciler sweep';

/**
 * Only triggers: every `RECONCILER_INTERVAL_MS` it runs one `sweepDue` and logs what it
 * did. A tick is skipped while the previous sweep still runs. Registered through
 * SchedulerRegistry (the interval comes from config); off when RECONCILER_ENABLED=false.
 */
@Injectable()
export class ReconcilerSchedule extends IntervalSweep<SweepSummary> {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
    private readonly reconciler: ReconcilerService,
    registry: SchedulerRegistry,
  ) {
    super(registry, RECONCILER_INTERVAL, new Logger(ReconcilerService.name));
  }

  protected interval(): number | string {
    const { enabled, intervalMs } = this.config.reconciler;
    return enabled ? intervalMs : 'RECONCILER_ENABLED=false: this replica does not sweep';
  }

  protected sweep(): Promise<SweepSummary> {
    return this.reconciler.sweepDue();
  }

  protected override beforeStop(): void {
    this.reconciler.stop();
  }
}
