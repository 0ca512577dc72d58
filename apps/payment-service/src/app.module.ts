import { type DynamicModule, Global, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { DataSource } from 'typeorm';
import { AdminModule } from './admin/admin.module.js';
import { FinanceModule } from './finance/finance.module.js';
import { AuthModule } from './auth/auth.module.js';
import { APP_CONFIG, type ServiceConfig } from './config/app-config.js';
import { dataSourceOptions, runMigrationsLocked } from './database/data-source.js';
import { DokuGatewayModule } from './gateway/doku-gateway.module.js';
import { DatabaseAvailabilityModule } from './health/database-availability.js';
import { HealthModule } from './health/health.module.js';
import { loggerParams } from './logging/logger-options.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { OrdersModule } from './orders/orders.module.js';
import { ReconcilerModule } from './reconciler/reconciler.module.js';
import { QrisModule } from './qris/qris.module.js';
import { RefundsModule } from './refunds/refunds.module.js';
import { RetentionModule } from './retention/retention.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

export interface AppModuleOptions {
  /** Where JSON logs go (tests capture them); stdout by default. */
  logStream?: DestinationStream;
}

@Global()
@Module({})
class ConfigModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}

/** Wires the feature modules around one resolved configuration. */
@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig, options: AppModuleOptions = {}): DynamicModule {
    const url = config.database.url;
    if (!url) throw new Error('database.url must be resolved before the app module is built');
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(
          loggerParams(config.logLevel, config.logRequestContext, options.logStream),
        ),
        TypeOrmModule.forRootAsync({
          useFactory: () =>
            dataSourceOptions(url, config.database.poolSize, config.database.preparedStatements),
          dataSourceFactory: async (opts) => {
            const ds = await new DataSource(opts!).initialize();
            if (config.database.runMigrations) await runMigrationsLocked(ds, url);
            return ds;
          },
        }),
        ScheduleModule.forRoot(),
        DatabaseAvailabilityModule,
        MetricsModule.forRoot(config),
        AuthModule,
        WebhooksModule,
        DokuGatewayModule,
        OrdersModule,
        NotificationsModule,
        ReconcilerModule,
        RefundsModule,
        RetentionModule,
        AdminModule,
        FinanceModule,
        QrisModule,
        HealthModule,
      ],
    };
  }
}
