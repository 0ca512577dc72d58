// `npm start` as a user runs it: the built service as a process with no configuration,
// an embedded PostgreSQL under its data folder, the simulator, Ctrl-C, and a restart.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { http } from '../../../test/support/http.js';

const root = path.resolve(new URL('../../..', import.meta.url).pathname);
const main = path.join(root, 'dist/apps/payment-service/src/main.js');

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function run(env: Record<string, string>): Running {
  let out = '';
  // A clean environment: nothing from the test runner (no DATABASE_URL) leaks in.
  const child = spawn(process.execPath, [main], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** stdout is a pipe here, so the ready banner is one JSON line; the keys are in the file it names. */
async function ready(
  r: Running,
): Promise<{ base: string; serviceKey: string; line: Record<string, string> }> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const raw = r
      .output()
      .split('\n')
      .find((l) => l.startsWith('{') && l.includes('QRIS payment service ready in'));
    if (raw) {
      const line = JSON.parse(raw) as Record<string, string>;
      const creds = JSON.parse(readFileSync(line.credentialsFile, 'utf8')) as {
        serviceApiKey: string;
      };
      return { base: line.api, serviceKey: creds.serviceApiKey, line };
    }
    if (r.child.exitCode !== null) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`service did not become ready:\n${r.output()}`);
}

function postgresRunningOn(dataDir: string): boolean {
  const ps = spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  return ps.stdout.split('\n').some((line) => line.includes(`-D ${dataDir}`));
}

describe('the service as a process (npm start)', () => {
  let dataDir: string;

  beforeAll(() => {
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(build.status).toBe(0);
    dataDir = mkdtempSync(path.join(tmpdir(), 'qris-start-'));
    chmodSync(dataDir, 0o755);
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts with no configuration, serves, stops cleanly on SIGINT and keeps its orders across a restart', async () => {
    const env = { PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    const first = run(env);
    const { base, serviceKey, line } = await ready(first);
    expect(line.docs).toMatch(/^http:\/\/\S+\/docs$/);
    expect(line.demo).toMatch(/^http:\/\/\S+\/simulator$/);
    // The real data folder, not a hard-coded .data/postgres.
    expect(line.database).toBe(
      `embedded PostgreSQL (data under ${path.join(dataDir, 'postgres')})`,
    );
    expect((await http('GET', `${base}/health/ready`)).status).toBe(200);
    const created = await http('POST', `${base}/v1/orders`, {
      key: serviceKey,
      body: { merchantReference: 'INV-restart', amount: 100_000, currency: 'IDR' },
      headers: { 'Idempotency-Key': 'restart-1' },
    });
    expect(created.status).toBe(201);

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(postgresRunningOn(path.join(dataDir, 'postgres'))).toBe(false);

    const second = run(env);
    const again = await ready(second);
    expect(again.serviceKey).toBe(serviceKey); // dev credentials are kept under DATA_DIR
    const found = await http('GET', `${again.base}/v1/orders/${created.body.id}`, {
      key: serviceKey,
    });
    expect(found.status).toBe(200);
    expect(found.body.merchantReference).toBe('INV-restart');
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(postgresRunningOn(path.join(dataDir, 'postgres'))).toBe(false);
  }, 60_000);

  it('exits 1 naming the variable when PORT=abc', async () => {
    const r = run({ PORT: 'abc', DATA_DIR: dataDir });
    expect(await r.exited).toBe(1);
    expect(r.output()).toContain('PORT: expected an integer >= 0 and <= 65535');
  });

  it('exits 1 naming the missing variables when the DOKU credentials are half set', async () => {
    const r = run({
      DATA_DIR: dataDir,
      DOKU_BASE_URL: 'https://api-sandbox.doku.com',
      DOKU_CLIENT_SECRET: 'super-secret-value',
    });
    expect(await r.exited).toBe(1);
    expect(r.output()).toMatch(/DOKU_CLIENT_ID: expected to be set too/);
    expect(r.output()).toMatch(/DOKU_PRIVATE_KEY: expected to be set too/);
    expect(r.output()).not.toContain('super-secret-value');
  });
});
