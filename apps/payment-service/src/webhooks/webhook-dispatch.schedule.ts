import { Inject, Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { IntervalSweep } from '../common/scheduling/interval-sweep.js';
import { APP_CONFIG, type ServiceConfig } from '../config/app-config.js';
import { type DispatchSummary, WebhookDispatcher } from './webhook-dispatcher.js';

export const WEBHOOK_DISPATCH_INTERVAL = 'webhook sweep';

/** Every `WEBHOOK_DISPATCH_INTERVAL_MS`, one `dispatchDue` (only when a URL is configured). */
@Injectable()
export class WebhookDispatchSchedule extends IntervalSweep<DispatchSummary> {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
    private readonly dispatcher: WebhookDispatcher,
    registry: SchedulerRegistry,
  ) {
    super(registry, WEBHOOK_DISPATCH_INTERVAL, new Logger(WebhookDispatcher.name));
  }

  protected interval(): number | string {
    const { url, dispatchIntervalMs } = this.config.webhooks;
    return url
      ? dispatchIntervalMs
      : 'WEBHOOK_URL is not set: webhook events are stored, not delivered';
  }

  protected sweep(): Promise<DispatchSummary> {
    return this.dispatcher.dispatchDue();
  }
}
