import type { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { SchedulerRegistry } from '@nestjs/schedule';

export interface SweepResult {
  claimed: number;
}

/**
 * A scheduled trigger that only triggers: every `interval` ms it runs one sweep and logs
 * what it did (info when it claimed work, debug otherwise). A tick is skipped while the
 * previous sweep still runs. Registered through SchedulerRegistry, so the interval comes
 * from config; on shutdown the interval stops and a running sweep finishes what it started
 * before the pool closes. The webhook dispatcher, the reconciler and the refund retries
 * are such triggers.
 */
export abstract class IntervalSweep<R extends SweepResult>
  implements OnApplicationBootstrap, OnModuleDestroy
{
  private running: Promise<void> | undefined;
  private stopped = false;

  protected constructor(
    private readonly registry: SchedulerRegistry,
    /** Registry name and log message, e.g. `reconciler sweep`. */
    private readonly label: string,
    protected readonly logger: Logger,
  ) {}

  /** The interval in ms, or why this replica does not run the sweep (logged). */
  protected abstract interval(): number | string;
  protected abstract sweep(): Promise<R>;
  /** Called on shutdown before waiting for the running sweep. */
  protected beforeStop(): void {}

  onApplicationBootstrap(): void {
    const interval = this.interval();
    if (typeof interval === 'string') {
      this.logger.log(interval);
      return;
    }
    this.registry.addInterval(
      this.label,
      setInterval(() => void this.tick(), interval),
    );
  }

  /** Starts a sweep unless one is running; resolves when the started sweep is done. */
  tick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) return this.running;
    this.running = this.sweep()
      .then((s) => {
        if (s.claimed > 0) this.logger.log({ ...s }, this.label);
        else this.logger.debug({ ...s }, this.label);
      })
      .catch((err: unknown) => this.logger.error({ err }, `${this.label} failed`))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.registry.doesExist('interval', this.label)) this.registry.deleteInterval(this.label);
    this.beforeStop();
    await this.running;
  }
}
