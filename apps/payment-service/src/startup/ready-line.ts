import path from 'node:path';
import type { Logger } from 'pino';
import { databaseTarget } from './database-target.js';

/** What the service says once it listens: where everything is. */
export interface ReadyFacts {
  readyInMs: number;
  api: string;
  docs: string;
  /** The admin console. */
  admin: string;
  health: string;
  metrics: string;
  /** `embedded PostgreSQL (data under <abs path>)` or `DATABASE_URL (host:port/db)`. */
  database: string;
  dataDir: string;
  doku: string;
  /** Dev mode: the simulator's URL (for `DOKU_SIMULATOR_URL`; `npm run simulate:pay` reads it from `simulatorFile`). */
  simulatorUrl?: string;
  simulatorFile?: string;
  /** Dev mode: the simulator's payment page and the generated credentials. */
  demo?: string;
  /** Dev mode: the demo checkout (a shop page paying a QR, with the webhook inbox). */
  demoCheckout?: string;
  credentialsFile?: string;
  /** Dev mode, written to a terminal only: the generated API keys (they are in the file). */
  keys?: { service: string; admin: string };
}

export function readyFacts(input: {
  base: string;
  readyInMs: number;
  dataDir: string;
  /**
   * The embedded database's data folder (and the pid of the process that owns it, when this
   * one attached to another's), or the DATABASE_URL the operator gave.
   */
  database: { embeddedDir: string; ownerPid?: number } | { url: string };
  dokuBaseUrl: string;
  /** Where the docs and metrics really are (API_DOCS, METRICS_PORT); default on `base`. */
  links?: { docs: string; metrics: string };
  dev?: {
    simulatorUrl: string;
    simulatorFile: string;
    credentialsFile: string;
    serviceApiKey: string;
    adminApiKey: string;
  };
}): ReadyFacts {
  const { base, dev } = input;
  return {
    readyInMs: input.readyInMs,
    api: base,
    docs: input.links?.docs ?? `${base}/docs`,
    admin: `${base}/admin`,
    health: `${base}/health/ready`,
    metrics: input.links?.metrics ?? `${base}/metrics`,
    database: databaseFact(input.database),
    dataDir: path.resolve(input.dataDir),
    doku: dev
      ? `simulator at ${dev.simulatorUrl} (dev mode: no DOKU credentials set)`
      : `DOKU_BASE_URL ${input.dokuBaseUrl}`,
    ...(dev
      ? {
          simulatorUrl: dev.simulatorUrl,
          simulatorFile: path.resolve(dev.simulatorFile),
          demo: `${dev.simulatorUrl}/simulator`,
          demoCheckout: `${base}/demo`,
          credentialsFile: path.resolve(dev.credentialsFile),
          keys: { service: dev.serviceApiKey, admin: dev.adminApiKey },
        }
      : {}),
  };
}

function databaseFact(db: { embeddedDir: string; ownerPid?: number } | { url: string }): string {
  if (!('embeddedDir' in db)) return `DATABASE_URL (${databaseTarget(db.url)})`;
  const folder = path.resolve(db.embeddedDir);
  return db.ownerPid === undefined
    ? `embedded PostgreSQL (data under ${folder})`
    : `embedded PostgreSQL of process ${db.ownerPid} (data under ${folder}; attached, left running at exit)`;
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
      `  Admin        ${facts.admin}   (sign in with an admin key)`,
      `  Health       ${facts.health}`,
      `  Metrics      ${facts.metrics}`,
      `  Database     ${facts.database}`,
      `  Data folder  ${facts.dataDir}`,
      `  DOKU         ${facts.doku}`,
    ];
    if (facts.simulatorUrl)
      lines.push(
        `               DOKU_SIMULATOR_URL=${facts.simulatorUrl}   (npm run simulate:pay finds it in ${facts.simulatorFile})`,
      );
    if (facts.demoCheckout)
      lines.push(
        `  Demo checkout ${facts.demoCheckout}   (a shop page: pay a QR, see the webhooks)`,
      );
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
