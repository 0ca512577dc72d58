// What an operator reads when the service starts and stops, at the default level: the built
// service as a process (stdout is a pipe, as under Docker or systemd), with DATABASE_URL set
// and the simulator in dev mode. A handful of JSON lines, no Nest wiring, one ready line that
// names the real paths, shutdown steps with their durations; clear one-line errors when the
// port is taken or the database cannot be reached.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { http } from '../../../test/support/http.js';
import { buildService, type ServiceBuild, type ServiceProcess } from './service-process.support.js';

const FRAMEWORK_CONTEXTS = ['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory'];

function jsonLines(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

async function waitFor<T>(what: string, p: ServiceProcess, find: () => T | undefined, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const found = find();
    if (found !== undefined) return found;
    if (p.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} did not show:\n${p.output()}`);
}

const readyLine = (p: ServiceProcess) =>
  jsonLines(p.output()).find((l) => /^QRIS payment service ready in/.test(String(l.msg)));

function listeningOn(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '0.0.0.0', () =>
      resolve({ server, port: (server.address() as { port: number }).port }),
    );
  });
}

describe('the service process logs (default level, stdout not a terminal)', () => {
  let build: ServiceBuild;
  let db: TestDatabase;
  let dataDir: string;

  beforeAll(async () => {
    build = buildService();
    db = await createTestDatabase('log_boot');
    dataDir = mkdtempSync(path.join(tmpdir(), 'qris-log-boot-'));
  });
  afterAll(async () => {
    build?.remove();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('boots in a few JSON lines without framework wiring, one ready line naming the real paths, and logs its shutdown', async () => {
    const p = build.start({ PORT: '0', DATA_DIR: dataDir, DATABASE_URL: db.url });
    const ready = await waitFor('the ready line', p, () => readyLine(p));
    // The DOKU credentials check answers right after the start: let it log.
    const health = await http('GET', `${String(ready.api)}/health/ready`);
    expect(health.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1000));

    const boot = p.output();
    const lines = boot.split('\n').filter(Boolean);
    // Every line is JSON: no plain-text banner in the stream.
    expect(lines.filter((l) => !l.startsWith('{'))).toEqual([]);
    const parsed = jsonLines(boot);
    expect(parsed.filter((l) => FRAMEWORK_CONTEXTS.includes(String(l.context)))).toEqual([]);
    expect(boot).not.toContain('successfully started');
    expect(parsed.length).toBeLessThanOrEqual(6);
    // Probes are not access-logged.
    expect(parsed.filter((l) => l.msg === 'request completed')).toEqual([]);

    const real = new URL(db.url);
    expect(ready).toMatchObject({
      level: 30,
      api: expect.stringMatching(/^http:\/\/localhost:\d+$/),
      database: `DATABASE_URL (${real.hostname}:${real.port}${real.pathname})`,
      dataDir: path.resolve(dataDir),
      credentialsFile: path.join(path.resolve(dataDir), 'dev-credentials.json'),
      doku: expect.stringMatching(/^simulator at http:\/\/127\.0\.0\.1:\d+/),
      readyInMs: expect.any(Number),
    });
    // Keys are in the credentials file, never in a log line.
    expect(boot).not.toMatch(/sk_dev_|ak_dev_/);
    expect(boot).not.toContain(decodeURIComponent(real.password));

    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    const shutdown = jsonLines(p.output().slice(boot.length));
    expect(shutdown.map((l) => l.msg)).toEqual([
      'shutdown: SIGTERM received, draining HTTP',
      'shutdown: app closed (HTTP drained, sweeps finished, database pool closed)',
      'shutdown: DOKU simulator stopped',
      'shutdown: done',
    ]);
    expect(shutdown[0]).toMatchObject({ signal: 'SIGTERM' });
    for (const l of shutdown.slice(1)) expect(l).toMatchObject({ durationMs: expect.any(Number) });
  }, 60_000);

  it('exits 1 with one line naming PORT when the port is taken, never claiming a start', async () => {
    const { server, port } = await listeningOn();
    try {
      const p = build.start({ PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: db.url });
      expect(await p.exited).toBe(1);
      const out = p.output();
      const errors = out.split('\n').filter((l) => /EADDRINUSE|in use/i.test(l));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain(`PORT=${port}`);
      expect(out).not.toMatch(/successfully started|service ready in/);
      expect(out).not.toMatch(/\n\s+at /); // no stack
    } finally {
      server.close();
    }
  }, 60_000);

  it('exits 1 naming DATABASE_URL (host:port, no password) when the database cannot be reached', async () => {
    const { server, port } = await listeningOn();
    server.close(); // a port nobody listens on
    const started = Date.now();
    const p = build.start({
      PORT: '0',
      DATA_DIR: dataDir,
      DATABASE_URL: `postgres://app:hunter2-db-secret@127.0.0.1:${port}/payments`,
      DATABASE_START_TIMEOUT_MS: '2000',
    });
    expect(await p.exited).toBe(1);
    expect(Date.now() - started).toBeLessThan(15_000);
    const out = p.output();
    expect(out).toMatch(new RegExp(`DATABASE_URL.*127\\.0\\.0\\.1:${port}.*ECONNREFUSED`));
    expect(out).not.toContain('hunter2-db-secret');
    expect(out).not.toMatch(/\n\s+at /);
    expect(out).not.toMatch(/successfully started|service ready in/);
  }, 60_000);

  it('exits 1 at once naming DATABASE_URL when PostgreSQL refuses the password', async () => {
    const wrong = new URL(db.url);
    wrong.password = 'not-the-password-42';
    const started = Date.now();
    const p = build.start({ PORT: '0', DATA_DIR: dataDir, DATABASE_URL: wrong.toString() });
    expect(await p.exited).toBe(1);
    expect(Date.now() - started).toBeLessThan(8_000); // no waiting: retrying cannot cure it
    const out = p.output();
    expect(out).toMatch(
      new RegExp(
        `DATABASE_URL: PostgreSQL at ${wrong.hostname}:${wrong.port}/\\S+ refused the connection \\(28P01`,
      ),
    );
    expect(out).not.toContain('not-the-password-42');
    expect(out).not.toMatch(/\n\s+at /);
  }, 30_000);
});
