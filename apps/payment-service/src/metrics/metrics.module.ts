import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { ServiceConfig } from '../config/app-config.js';
import { BacklogGauges } from './backlog-gauges.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsListener } from './metrics.listener.js';
import { MetricsService } from './metrics.service.js';

@Global()
@Module({})
export class MetricsModule {
  /** `/metrics` on the main port, or (METRICS_PORT set) only on a listener of its own. */
  static forRoot(config: ServiceConfig): DynamicModule {
    const ownPort = config.metrics.port !== undefined;
    return {
      module: MetricsModule,
      providers: [MetricsService, BacklogGauges, ...(ownPort ? [MetricsListener] : [])],
      controllers: ownPort ? [] : [MetricsController],
      exports: [MetricsService],
    };
  }
}
