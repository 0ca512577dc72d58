import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { RefundRetrySweep } from './refund-retry.sweep.js';

export const REFUND_RETRY_INTERVAL = 'refund-retry';
/** How often a replica looks for refunds still waiting for DOKU's answer. */
export const REFUND_RETRY_INTERVAL_MS = 5_000;

/**
 * Only triggers: every 5 s one `sweepDue` and a log line when it did something. A tick is
 * skipped while the previous sweep still runs.
 */
@Injectable()
export class RefundRetrySchedule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RefundRetrySweep.name);
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly sweep: RefundRetrySweep,
    private readonly registry: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const handle = setInterval(() => void this.tick(), REFUND_RETRY_INTERVAL_MS);
    this.registry.addInterval(REFUND_RETRY_INTERVAL, handle);
  }

  /** Starts a sweep unless one is running; resolves when the started sweep is done. */
  tick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) return this.running;
    this.running = this.sweep
      .sweepDue()
      .then((s) => {
        if (s.claimed > 0) this.logger.log({ ...s }, 'refund retry sweep');
      })
      .catch((err: unknown) => this.logger.error({ err }, 'refund retry sweep failed'))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** Stops the interval and lets a running sweep record its answers before the pool closes. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.registry.doesExist('interval', REFUND_RETRY_INTERVAL)) {
      this.registry.deleteInterval(REFUND_RETRY_INTERVAL);
    }
    await this.running;
  }
}
