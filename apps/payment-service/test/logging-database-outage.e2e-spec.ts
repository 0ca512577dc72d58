import { startTestApp, TEST_SERVICE_KEY, type TestApp } from '../../../test/support/app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { http } from '../../../test/support/http.js';
import { startTcpProxy, type TcpProxy } from '../../../test/support/tcp-proxy.js';

// A database outage is a state change in the logs: one warning when PostgreSQL becomes
// unreachable, one info line when it is back. Meanwhile the requests refused with 503 may
// each say so at warn, without a stack, and the sweeps that find no database say nothing at
// info: no stack per request or per sweep.
describe('logs of a database outage', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let t: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase('log_outage');
    const real = new URL(db.url);
    proxy = await startTcpProxy({ host: real.hostname, port: Number(real.port) });
    const viaProxy = new URL(db.url);
    viaProxy.port = String(proxy.port);
    t = await startTestApp({
      db: { ...db, url: viaProxy.toString() },
      env: {
        // Every sweep runs often, so the outage meets all of them.
        RECONCILER_ENABLED: 'true',
        RECONCILER_INTERVAL_MS: '100',
        WEBHOOK_URL: 'http://127.0.0.1:9/webhooks',
        WEBHOOK_SECRETS: `whsec_${Buffer.alloc(32, 7).toString('base64')}`,
        WEBHOOK_DISPATCH_INTERVAL_MS: '100',
      },
    });
  });
  afterAll(async () => {
    await proxy?.restore().catch(() => undefined);
    await t?.close();
    await proxy?.close();
    await db?.drop();
  });

  const listOrders = () => http('GET', `${t.url}/v1/orders`, { key: TEST_SERVICE_KEY });

  it('writes one line when the database goes away and one when it is back, and no stacks', async () => {
    expect((await listOrders()).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    const before = t.logs.lines.length;

    await proxy.cut();
    for (let i = 0; i < 5; i++) expect((await listOrders()).status).toBe(503);
    expect((await http('GET', `${t.url}/health/ready`)).status).toBe(503);
    await new Promise((r) => setTimeout(r, 1500)); // ~15 sweeps of each kind fail meanwhile
    await proxy.restore();
    const deadline = Date.now() + 10_000;
    while ((await listOrders()).status !== 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect((await http('GET', `${t.url}/health/ready`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));

    const raw = t.logs.lines.slice(before);
    const lines = raw.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(raw.join('\n')).not.toContain('"stack"');
    expect(lines.filter((l) => Number(l.level) >= 50)).toEqual([]);

    const changes = lines.filter((l) => l.context === 'Database');
    expect(changes).toEqual([
      expect.objectContaining({
        level: 40,
        msg: 'database unreachable',
        reason: expect.stringMatching(/ECONNREFUSED|ECONNRESET|Connection terminated/),
      }),
      expect.objectContaining({
        level: 30,
        msg: 'database reachable again',
        downForMs: expect.any(Number),
      }),
    ]);
    // What stays per request: a warning with the code, at most one per refused request.
    const refused = lines.filter((l) => l.code === 'DATABASE_UNAVAILABLE');
    expect(refused.length).toBeGreaterThanOrEqual(5);
    expect(refused.length).toBeLessThanOrEqual(6);
    for (const l of refused) expect(l).toMatchObject({ level: 40, msg: 'request failed' });
    // Everything else written at info or above during the outage is the access log (and
    // the DOKU credentials check: this app's DOKU is a closed port).
    const other = lines.filter(
      (l) =>
        l.context !== 'Database' &&
        l.code === undefined &&
        l.msg !== 'request completed' &&
        !String(l.context).startsWith('Doku'),
    );
    expect(other).toEqual([]);
  }, 30_000);
});
