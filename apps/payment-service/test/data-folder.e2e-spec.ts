// One data folder, several processes: the embedded PostgreSQL belongs to the service that
// started it. A second service and a migration run attach to it and never stop it; after
// the owner is killed with SIGKILL, the next start stops the orphaned server and takes over.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { http } from '../../../test/support/http.js';
import {
  build,
  main,
  postgresPidsOn,
  ready,
  runProcess,
  runService,
  type Running,
} from './process.support.js';

describe('the data folder belongs to the process that started its PostgreSQL', () => {
  let dataDir: string;
  let pgDir: string;
  const started: Running[] = [];
  const env = () => ({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  const start = (): Running => {
    const r = runService(env());
    started.push(r);
    return r;
  };
  const createOrder = (base: string, key: string, ref: string) =>
    http('POST', `${base}/v1/orders`, {
      key,
      body: { merchantReference: ref, amount: 100_000, currency: 'IDR' },
      headers: { 'Idempotency-Key': ref },
    });

  beforeAll(() => {
    build();
    dataDir = mkdtempSync(path.join(tmpdir(), 'qris-owner-'));
    chmodSync(dataDir, 0o755);
    pgDir = path.join(dataDir, 'postgres');
  });
  afterAll(async () => {
    for (const r of started) if (r.child.exitCode === null) r.child.kill('SIGKILL');
    for (const pid of postgresPidsOn(pgDir)) process.kill(pid, 'SIGINT');
    const deadline = Date.now() + 10_000;
    while (postgresPidsOn(pgDir).length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a second service and a migration run leave the owner serving; after kill -9 the next start takes over', async () => {
    const owner = start();
    const first = await ready(owner);
    const ownerFile = JSON.parse(readFileSync(path.join(dataDir, 'postgres.owner'), 'utf8'));
    expect(ownerFile).toMatchObject({ pid: owner.child.pid, role: 'service' });
    const [server] = postgresPidsOn(pgDir);

    // A second `npm start` on the same folder attaches to the owner's server...
    const second = start();
    const other = await ready(second);
    expect(second.output()).toContain(`embedded PostgreSQL of process ${owner.child.pid}`);
    expect((await createOrder(other.base, other.serviceKey, 'INV-second')).status).toBe(201);
    // ...and leaves it running when it stops.
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(postgresPidsOn(pgDir)).toEqual([server]);
    expect((await http('GET', `${first.base}/health/ready`)).status).toBe(200);

    // A migration run by hand uses the same server and leaves it running.
    const migrate = runProcess(process.execPath, [migrateJs(), 'run'], { DATA_DIR: dataDir });
    expect(await migrate.exited).toBe(0);
    expect(migrate.output()).toContain(`embedded PostgreSQL of process ${owner.child.pid}`);
    expect(migrate.output()).toContain('No pending migrations.');
    expect(postgresPidsOn(pgDir)).toEqual([server]);
    expect((await http('GET', `${first.base}/health/ready`)).status).toBe(200);
    const afterMigrate = await createOrder(first.base, first.serviceKey, 'INV-after-migrate');
    expect(afterMigrate.status).toBe(201);

    // The owner dies without cleaning up: its server is orphaned, its owner record stale.
    owner.child.kill('SIGKILL');
    await owner.exited;
    expect(postgresPidsOn(pgDir)).toEqual([server]);
    expect(existsSync(path.join(dataDir, 'postgres.owner'))).toBe(true);

    // The next start stops the orphan, starts its own server and finds the earlier orders.
    const next = start();
    const again = await ready(next);
    expect(next.output()).not.toContain('embedded PostgreSQL of process');
    const servers = postgresPidsOn(pgDir);
    expect(servers).toHaveLength(1);
    expect(servers[0]).not.toBe(server);
    const found = await http('GET', `${again.base}/v1/orders/${afterMigrate.body.id}`, {
      key: again.serviceKey,
    });
    expect(found.status).toBe(200);
    expect(JSON.parse(readFileSync(path.join(dataDir, 'postgres.owner'), 'utf8')).pid).toBe(
      next.child.pid,
    );
    next.child.kill('SIGTERM');
    expect(await next.exited).toBe(0);
    expect(postgresPidsOn(pgDir)).toEqual([]);
    expect(existsSync(path.join(dataDir, 'postgres.owner'))).toBe(false);
  }, 90_000);

  it('migration commands alone start the server for the run, stop it after and say what they did', async () => {
    const migrate = async (command: string) => {
      const r = runProcess(process.execPath, [migrateJs(), command], { DATA_DIR: dataDir });
      expect(await r.exited).toBe(0);
      expect(r.output()).not.toContain('embedded PostgreSQL of process');
      expect(postgresPidsOn(pgDir)).toEqual([]);
      expect(existsSync(path.join(dataDir, 'postgres.owner'))).toBe(false);
      return r.output();
    };
    expect(await migrate('show')).toMatch(/Applied \(\d+\):[\s\S]*Pending \(0\):\n {2}none/);
    const reverted = /Reverted (\d{13}) {2}(\w+) {2}\(/.exec(await migrate('revert'));
    expect(reverted).not.toBeNull();
    expect(await migrate('show')).toContain(`Pending (1):\n  ${reverted![1]}  ${reverted![2]}`);
    expect(await migrate('run')).toContain(`Applied: ${reverted![2]}`);
  }, 30_000);
});

function migrateJs(): string {
  return path.join(path.dirname(main), 'database/migrate.js');
}
