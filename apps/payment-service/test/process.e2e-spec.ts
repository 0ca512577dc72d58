// `npm start` as a user runs it: the built service as a process with no configuration,
// an embedded PostgreSQL under its data folder, the simulator, Ctrl-C, and a restart.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { http } from '../../../test/support/http.js';
import { build, postgresRunningOn, ready, runService as run } from './process.support.js';

describe('the service as a process (npm start)', () => {
  let dataDir: string;

  beforeAll(() => {
    build();
    dataDir = mkdtempSync(path.join(tmpdir(), 'qris-start-'));
    chmodSync(dataDir, 0o755);
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts with no configuration, serves, stops cleanly on SIGINT and keeps its orders across a restart', async () => {
    const env = { PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    const first = run(env);
    const { base, serviceKey } = await ready(first);
    expect(first.output()).toMatch(/API docs +http:\/\/\S+\/docs/);
    expect(first.output()).toMatch(/Demo +http:\/\/\S+\/simulator/);
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
