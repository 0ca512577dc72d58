// Boots the payment service for a test file: a fresh database with the real migrations,
// the real app on an ephemeral port, config through the same `loadConfig` as production.
import { Writable } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createApp } from '../../apps/payment-service/src/app.factory.js';
import type { ServiceConfig } from '../../apps/payment-service/src/config/app-config.js';
import { loadConfig } from '../../apps/payment-service/src/config/load-config.js';
import { demoInboxUrl } from '../../apps/payment-service/src/demo/demo-routes.js';
import { testCredentials } from './credentials.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export const TEST_SERVICE_KEY = 'sk_test_service_key_0123456789abcdef';
export const TEST_ADMIN_KEY = 'ak_test_admin_key_0123456789abcdefgh';

/** Collects the JSON log lines the app writes. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  get text(): string {
    return this.lines.join('\n');
  }
}

export interface TestApp {
  app: NestFastifyApplication;
  url: string;
  config: ServiceConfig;
  db: TestDatabase;
  /** The app's own pool, for assertions in SQL. */
  dataSource: DataSource;
  logs: LogCapture;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** The DOKU side; unset, DOKU points at a closed port (tests that never reach DOKU). */
  doku?: ServiceConfig['doku'];
  /** Reuse a database (several app instances on one database, like replicas). */
  db?: TestDatabase;
  label?: string;
  /**
   * Dev mode's demo checkout (/demo), as `npm start` without DOKU credentials has it: the
   * simulator is `doku.baseUrl`; `inbox` sends the webhooks to the built-in receiver.
   */
  demo?: { inbox: boolean };
}

export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const db = opts.db ?? (await createTestDatabase(opts.label ?? 'app'));
  const env = {
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    DATABASE_POOL_SIZE: '5',
    SERVICE_API_KEYS: `shop-a:${TEST_SERVICE_KEY}`,
    ADMIN_API_KEYS: `alice:${TEST_ADMIN_KEY}`,
    LOG_LEVEL: 'info',
    RECONCILER_ENABLED: 'false',
    ...opts.env,
  };
  const base = loadConfig(env);
  const config: ServiceConfig = {
    ...base,
    doku: opts.doku ??
      base.doku ?? {
        baseUrl: 'http://127.0.0.1:9',
        clientId: 'test-client',
        clientSecret: 'test-secret',
        privateKeyPem: testCredentials().merchantPrivateKeyPem,
        publicKeyPems: [testCredentials().dokuPublicKeyPem],
        merchantId: '0000',
        ...base.dokuDefaults,
      },
  };
  if (opts.demo) {
    config.demo = {
      serviceKey: TEST_SERVICE_KEY,
      simulatorUrl: config.doku.baseUrl,
      inbox: opts.demo.inbox,
    };
    if (!config.webhooks.secrets.length)
      config.webhooks.secrets = [testCredentials().webhookSecret];
    // A URL at boot (the dispatch schedule starts only with one), its port fixed below.
    if (opts.demo.inbox) config.webhooks.url = demoInboxUrl('http://127.0.0.1:0');
  }
  const logs = new LogCapture();
  const app = await createApp(config, { logStream: logs });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  // As main.ts does once the port is known: the dispatcher reads the URL when it runs.
  if (config.demo?.inbox) config.webhooks.url = demoInboxUrl(url);
  return {
    app,
    url,
    config,
    db,
    dataSource: app.get(DataSource),
    logs,
    async close() {
      await app.close();
      if (!opts.db) await db.drop();
    },
  };
}
