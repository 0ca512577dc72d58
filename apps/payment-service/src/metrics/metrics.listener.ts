import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, type ServiceConfig } from '../config/app-config.js';
import { MetricsService } from './metrics.service.js';

/**
 * `GET /metrics` on its own port (METRICS_PORT), so the public port need not expose it:
 * a bare node:http server that answers nothing else. Started with the app (a port in use
 * stops the start with a message naming METRICS_PORT), closed at shutdown.
 */
@Injectable()
export class MetricsListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsListener.name);
  private server: Server | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
    private readonly metrics: MetricsService,
  ) {}

  /** The port it listens on (METRICS_PORT=0 picks a free one). */
  get port(): number | null {
    const address = this.server?.address();
    return typeof address === 'object' && address ? (address as AddressInfo).port : null;
  }

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.metrics.port!;
    const host = this.config.http.host;
    const server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ code: 'NOT_FOUND', message: 'Only GET /metrics here.' }));
        return;
      }
      this.metrics.registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'Content-Type': this.metrics.registry.contentType });
          res.end(req.method === 'HEAD' ? undefined : text);
        },
        (err: unknown) => {
          this.logger.error({ err }, 'metrics could not be collected');
          res.writeHead(500, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ code: 'INTERNAL', message: 'Metrics could not be collected.' }));
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) =>
        reject(
          new Error(
            err.code === 'EADDRINUSE'
              ? `METRICS_PORT ${port} is already in use on ${host}: choose another port or stop what listens there`
              : `METRICS_PORT ${port} on ${host}: ${err.message}`,
          ),
        ),
      );
      server.listen(port, host, () => resolve());
    });
    this.server = server;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
