import { Global, Module } from '@nestjs/common';
import { BacklogGauges } from './backlog-gauges.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';

@Global()
@Module({
  providers: [MetricsService, BacklogGauges],
  controllers: [MetricsController],
  exports: [MetricsService],
})
export class MetricsModule {}
