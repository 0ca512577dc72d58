// `npm start` as a user runs it: the built service as a process with no configuration,
// an embedded PostgreSQL under its data folder, the simulator, Ctrl-C, and a restart.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { http } from '../../../test/support/http.js';
import { spawnSync } from 'node:child_process';
import { build, postgresRunningOn, ready, root, runService as run } from './process.support.js';

const payCli = path.join(root, 'dist/apps/doku-simulator/src/cli/pay.js');

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

  it('keeps the simulator across a restart: an order created before it is paid after it, unflagged, with simulate:pay finding the simulator alone', async () => {
    // Run from a folder of its own with no DATA_DIR: the defaults (.data under the working
    // directory), as a developer's `npm start`.
    const cwd = mkdtempSync(path.join(tmpdir(), 'qris-dev-'));
    chmodSync(cwd, 0o755);
    try {
      const env = { PORT: '0', LOG_LEVEL: 'warn' };
      const first = run(env, cwd);
      const { base, serviceKey, line } = await ready(first);
      const simUrl = line.simulatorUrl;
      expect(simUrl).toBeDefined();
      const created = await http('POST', `${base}/v1/orders`, {
        key: serviceKey,
        body: { merchantReference: 'INV-dev-restart', amount: 125_000, currency: 'IDR' },
        headers: { 'Idempotency-Key': 'dev-restart-1' },
      });
      expect(created.status).toBe(201);
      const referenceNo = created.body.doku.referenceNo as string;
      first.child.kill('SIGINT');
      expect(await first.exited).toBe(0);

      const restartedAt = Date.now();
      const second = run(env, cwd);
      const again = await ready(second);
      expect(again.line.simulatorUrl).toBe(simUrl); // the same port as before the restart
      try {
        // The reconciler asks "DOKU" about the order after the restart and DOKU knows it.
        const deadline = Date.now() + 30_000;
        let queried = false;
        while (!queried && Date.now() < deadline) {
          const entry = await http('GET', `${simUrl}/simulator/v1/ledger/${referenceNo}`);
          expect(entry.status).toBe(200);
          queried = (entry.body.calls as { operation: string; at: string }[]).some(
            (c) => c.operation === 'query' && Date.parse(c.at) >= restartedAt,
          );
          if (!queried) await new Promise((res) => setTimeout(res, 250));
        }
        expect(queried).toBe(true);

        // No DOKU_SIMULATOR_URL, no DATA_DIR: simulate:pay finds the dev simulator itself.
        const pay = spawnSync(process.execPath, [payCli, referenceNo], {
          cwd,
          env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/' },
          encoding: 'utf8',
        });
        expect(pay.stderr).toBe('');
        expect(pay.status).toBe(0);
        expect(pay.stdout).toContain(`paid ${referenceNo}`);

        let order: { status: string; flags: string[] } | undefined;
        const paidBy = Date.now() + 15_000;
        while (Date.now() < paidBy) {
          order = (
            await http('GET', `${again.base}/v1/orders/${created.body.id}`, { key: serviceKey })
          ).body;
          if (order!.status === 'PAID') break;
          await new Promise((res) => setTimeout(res, 200));
        }
        expect(order).toMatchObject({ status: 'PAID', flags: [] });
      } finally {
        second.child.kill('SIGTERM');
        expect(await second.exited).toBe(0);
      }
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 90_000);

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
