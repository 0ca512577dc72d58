import pg from 'pg';
import type { Logger } from 'pino';
import { isDatabaseUnavailable } from '../database/database-unavailable.js';
import { databaseTarget } from './database-target.js';
import { StartupError } from './startup-error.js';

/** What PostgreSQL or the socket said, short: `ECONNREFUSED`, `28P01 password authentication failed…`. */
function reason(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown; errors?: unknown };
  if (Array.isArray(e.errors) && e.errors.length > 0) return reason(e.errors[0]);
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : String(err);
  if (!code) return message;
  return message.includes(code) ? message : `${code}: ${message}`;
}

/**
 * Before the app is built: one connection to DATABASE_URL, retried while the server is
 * unreachable (it may still be starting) for `timeoutMs`, said once as a warning; then a
 * StartupError naming DATABASE_URL and its host:port. A refusal that waiting will not cure
 * (bad password, no such database, TLS required) fails at once. Without this, TypeORM's
 * retries keep the process silent for half a minute and end in a stack.
 */
export async function waitForDatabase(
  url: string,
  timeoutMs: number,
  logger: Logger,
): Promise<void> {
  const target = databaseTarget(url);
  const started = Date.now();
  let warned = false;
  for (;;) {
    const left = timeoutMs - (Date.now() - started);
    const client = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: Math.max(1000, Math.min(5000, left)),
    });
    // A connection lost while we close it must not become an unhandled 'error'.
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      if (warned) {
        logger.info({ database: target, waitedMs: Date.now() - started }, 'database reachable');
      }
      return;
    } catch (err) {
      if (!isDatabaseUnavailable(err)) {
        throw new StartupError(
          `DATABASE_URL: PostgreSQL at ${target} refused the connection (${reason(err)}); check the user, password, database name and TLS settings in DATABASE_URL.`,
        );
      }
      const waited = Date.now() - started;
      if (waited >= timeoutMs) {
        throw new StartupError(
          `DATABASE_URL: cannot reach PostgreSQL at ${target} (${reason(err)}) after ${(waited / 1000).toFixed(1)} s; is it running and reachable from here? (DATABASE_START_TIMEOUT_MS=${timeoutMs})`,
        );
      }
      if (!warned) {
        warned = true;
        logger.warn(
          { database: target, reason: reason(err), timeoutMs },
          'waiting for the database (DATABASE_URL)',
        );
      }
      await new Promise((r) => setTimeout(r, Math.min(500, Math.max(0, timeoutMs - waited))));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
