import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, type ServiceConfig } from '../config/app-config.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';

export const WEBHOOK_DISPATCH_INTERVAL = 'webhook-dispatch';

/**
 * Only triggers: every `WEBHOOK_DISPATCH_INTERVAL_MS` it runs one `dispatchDue` sweep and
 * logs what it did. A tick is skipped while the previous sweep still runs. Registered
 * through SchedulerRegistry (the interval comes from config, not a decorator constant).
 */
@Injectable()
export class WebhookDispatchSchedule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
    private readonly dispatcher: WebhookDispatcher,
    private readonly registry: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const { url, dispatchIntervalMs } = this.config.webhooks;
    if (!url) {
      this.logger.log('WEBHOOK_URL is not set: webhook events are stored, not delivered');
      return;
    }
    const handle = setInterval(() => this.tick(), dispatchIntervalMs);
    this.registry.addInterval(WEBHOOK_DISPATCH_INTERVAL, handle);
  }

  /** Starts a sweep unless one is running; resolves when the started sweep is done. */
  tick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) return this.running;
    this.running = this.dispatcher
      .dispatchDue()
      .then((s) => {
        if (s.claimed > 0) this.logger.log({ ...s }, 'webhook sweep');
      })
      .catch((err: unknown) => this.logger.error({ err }, 'webhook sweep failed'))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** Stops the interval and lets a running sweep record its attempts before the pool closes. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.registry.doesExist('interval', WEBHOOK_DISPATCH_INTERVAL)) {
      this.registry.deleteInterval(WEBHOOK_DISPATCH_INTERVAL);
    }
    await this.running;
  }
}
