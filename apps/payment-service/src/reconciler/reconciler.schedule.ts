import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, type ServiceConfig } from '../config/app-config.js';
import { ReconcilerService, type SweepSummary } from './reconciler.service.js';

export const RECONCILER_INTERVAL = 'reconciler-sweep';

/**
 * Only triggers: every `RECONCILER_INTERVAL_MS` it runs one `sweepDue` and logs what it
 * did. A tick is skipped while the previous sweep still runs. Registered through
 * SchedulerRegistry (the interval comes from config); off when RECONCILER_ENABLED=false.
 */
@Injectable()
export class ReconcilerSchedule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ReconcilerService.name);
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
    private readonly reconciler: ReconcilerService,
    private readonly registry: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const { enabled, intervalMs } = this.config.reconciler;
    if (!enabled) {
      this.logger.log('RECONCILER_ENABLED=false: this replica does not sweep');
      return;
    }
    const handle = setInterval(() => void this.tick(), intervalMs);
    this.registry.addInterval(RECONCILER_INTERVAL, handle);
  }

  /** Starts a sweep unless one is running; resolves when the started sweep is done. */
  tick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) return this.running;
    this.running = this.reconciler
      .sweepDue()
      .then((s: SweepSummary) => {
        if (s.claimed > 0) this.logger.log({ ...s }, 'reconciler sweep');
        else this.logger.debug({ ...s }, 'reconciler sweep');
      })
      .catch((err: unknown) => this.logger.error({ err }, 'reconciler sweep failed'))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** Stops the interval, then lets the running sweep finish what it started before the pool closes. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.registry.doesExist('interval', RECONCILER_INTERVAL)) {
      this.registry.deleteInterval(RECONCILER_INTERVAL);
    }
    this.reconciler.stop();
    await this.running;
  }
}
