import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { DokuSnapClient, type SnapLogger } from '#doku-snap';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type ServiceConfig } from '../config/app-config.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { DOKU_CLIENT } from './doku-client.token.js';
import { DokuCredentialsCheck } from './doku-credentials-check.js';
import { DokuCredentialsStatus } from './doku-credentials-status.js';
import { PostgresTokenStore } from './postgres-token-store.js';

export { DOKU_CLIENT };

function snapLogger(level: ServiceConfig['logLevel']): SnapLogger {
  const logger = new Logger('DokuSnap');
  return {
    // One line per DOKU call: only built when it can be written at all.
    debug: level === 'debug' || level === 'trace' ? (m, f) => logger.debug({ ...f }, m) : undefined,
    info: (m, f) => logger.log({ ...f }, m),
    warn: (m, f) => logger.warn({ ...f }, m),
    error: (m, f) => logger.error({ ...f }, m),
  };
}

@Injectable()
class DokuClientCloser implements OnApplicationShutdown {
  constructor(@Inject(DOKU_CLIENT) private readonly client: DokuSnapClient) {}
  onApplicationShutdown(): void {
    this.client.close();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: DOKU_CLIENT,
      inject: [APP_CONFIG, DataSource, DokuCredentialsStatus, MetricsService],
      useFactory: (
        config: ServiceConfig,
        dataSource: DataSource,
        status: DokuCredentialsStatus,
        metrics: MetricsService,
      ) =>
        new DokuSnapClient({
          baseUrl: config.doku.baseUrl,
          clientId: config.doku.clientId,
          clientSecret: config.doku.clientSecret,
          privateKeyPem: config.doku.privateKeyPem,
          merchantId: config.doku.merchantId,
          timeoutMs: config.doku.timeoutMs,
          tokenStore: new PostgresTokenStore(dataSource),
          logger: snapLogger(config.logLevel),
          onOutcome: (outcome) => {
            metrics.observeDokuCall(outcome);
            status.observe(outcome);
          },
        }),
    },
    DokuClientCloser,
    DokuCredentialsStatus,
    DokuCredentialsCheck,
  ],
  exports: [DOKU_CLIENT, DokuCredentialsStatus],
})
export class DokuGatewayModule {}
