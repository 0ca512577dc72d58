// Commands that build before they run (`npm run migration:run`, `npm start`, ...) beside a
// running service: an up-to-date dist/ is left alone, and dist/ is never rewritten under a
// process that runs from it.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { http } from '../../../test/support/http.js';
import {
  build,
  main,
  postgresPidsOn,
  ready,
  root,
  runProcess,
  runService,
  type Running,
} from './process.support.js';

/** The identity of a file: a rewrite or a rebuild changes its inode or mtime. */
const fileId = (f: string) => {
  const s = statSync(f);
  return `${s.ino}:${s.mtimeMs}`;
};

describe('building beside a running service', () => {
  let dataDir: string;
  let service: Running | undefined;

  beforeAll(() => {
    build();
    dataDir = mkdtempSync(path.join(tmpdir(), 'qris-build-'));
    chmodSync(dataDir, 0o755);
  });
  afterAll(async () => {
    if (service && service.child.exitCode === null) {
      service.child.kill('SIGTERM');
      await service.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves an up-to-date dist/ alone and refuses to rewrite it under the service', async () => {
    service = runService({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    const { base, serviceKey } = await ready(service);
    const pid = service.child.pid!;
    expect(existsSync(path.join(root, `dist/.in-use/${pid}.json`))).toBe(true);
    const before = fileId(main);

    // The documented by-hand migration run: its build step finds dist/ up to date.
    const migrate = runProcess('npm', ['run', '--silent', 'migration:run'], { DATA_DIR: dataDir });
    expect(await migrate.exited).toBe(0);
    expect(migrate.output()).toContain('No pending migrations.');
    expect(fileId(main)).toBe(before);

    // A rebuild that would rewrite dist/ (forced here, as stale sources would) is refused.
    const forced = spawnSync(process.execPath, ['scripts/build.mjs', '--force'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(forced.status).toBe(1);
    // Other test files may run services from dist/ at the same time: they are named too.
    expect(forced.stderr).toMatch(/^dist\/ is out of date .* but process .* runs from it/);
    expect(forced.stderr).toContain(`${pid} (payment service)`);
    expect(fileId(main)).toBe(before);
    expect(readdirSync(root).filter((f) => f.startsWith('dist.'))).toEqual([]);

    expect((await http('GET', `${base}/health/ready`)).status).toBe(200);
    const created = await http('POST', `${base}/v1/orders`, {
      key: serviceKey,
      body: { merchantReference: 'INV-build', amount: 100_000, currency: 'IDR' },
      headers: { 'Idempotency-Key': 'build-1' },
    });
    expect(created.status).toBe(201);

    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    expect(existsSync(path.join(root, `dist/.in-use/${pid}.json`))).toBe(false);
    expect(postgresPidsOn(path.join(dataDir, 'postgres'))).toEqual([]);
  }, 60_000);
});
