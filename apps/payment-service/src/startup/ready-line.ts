import path from 'node:path';
import type { Logger } from 'pino';
import { databaseTarget } from './database-target.js';

/** What the service says once it listens: where everything is. */
export interface ReadyFacts {
  readyInMs: number;
  api: string;
  docs: string;
  health: string;
  metrics: string;
  /** `embedded PostgreSQL (data under <abs path>)` or `DATABASE_URL (host:port/db)`. */
  database: string;
  dataDir: string;
  doku: string;
  /** Dev mode: the simulator's payment page and the generated credentials. */
  demo?: string;
  credentialsFile?: string;
  /** Dev mode, written to a terminal only: the generated API keys (they are in the file). */
  keys?: { service: string; admin: string };
}

export function readyFacts(input: {
  base: string;
  readyInMs: number;
  dataDir: string;
  /** The embedded database's data folder, or the DATABASE_URL the operator gave. */
  database: { embeddedDir: string } | { url: string };
  dokuBaseUrl: string;
  dev?: {
    simulatorUrl: string;
    credentialsFile: string;
    serviceApiKey: string;
    adminApiKey: string;
  };
}): ReadyFacts {
  const { base, dev } = input;
  return {
    readyInMs: input.readyInMs,
    api: base,
    docs: `${base}/docs`,
    health: `${base}/health/ready`,
    metrics: `${base}/metrics`,
    database:
      'embeddedDir' in input.database
        ? `embedded PostgreSQL (data under ${path.resolve(input.database.embeddedDir)})`
        : `DATABASE_URL (${databaseTarget(input.database.url)})`,
    dataDir: path.resolve(input.dataDir),
    doku: dev
      ? `simulator at ${dev.simulatorUrl} (dev mode: no DOKU credentials set)`
      : `DOKU_BASE_URL ${input.dokuBaseUrl}`,
    ...(dev
      ? {
          demo: `${dev.simulatorUrl}/simulator`,
          credentialsFile: dev.credentialsFile,
          keys: { service: dev.serviceApiKey, admin: dev.adminApiKey },
        }
      : {}),
  };
}

/**
 * A person at a terminal gets the plain-text banner; anything else (Docker, systemd, a
 * pipe) one JSON line with the same facts, in the log stream's shape, without the keys.
 * Written whatever LOG_LEVEL says (but `silent`): it is how a reader knows the start worked.
 */
export function announceReady(
  facts: ReadyFacts,
  out: { isTTY?: boolean; write(text: string): unknown },
  logger: Logger,
): void {
  const headline = `QRIS payment service ready in ${(facts.readyInMs / 1000).toFixed(1)} s`;
  if (out.isTTY) {
    const lines = [
      '',
      headline,
      `  API          ${facts.api}`,
      `  API docs     ${facts.docs}`,
      `  Health       ${facts.health}`,
      `  Metrics      ${facts.metrics}`,
      `  Database     ${facts.database}`,
      `  Data folder  ${facts.dataDir}`,
      `  DOKU         ${facts.doku}`,
    ];
    if (facts.demo) lines.push(`  Demo         ${facts.demo}   (open QRs, pay them)`);
    if (facts.credentialsFile) lines.push(`  Credentials  ${facts.credentialsFile}`);
    if (facts.keys) {
      lines.push(`  Service key  ${facts.keys.service}`, `  Admin key    ${facts.keys.admin}`);
    }
    lines.push('Press Ctrl-C to stop.', '');
    out.write(lines.join('\n'));
    return;
  }
  const { keys: _keys, ...shown } = facts;
  if (logger.level === 'silent') return;
  const line = logger.isLevelEnabled('info') ? logger : logger.child({}, { level: 'info' });
  line.info(shown, headline);
}
