import { startTestApp, TEST_SERVICE_KEY, type TestApp } from '../../../test/support/app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { http } from '../../../test/support/http.js';
import { startTcpProxy, type TcpProxy } from '../../../test/support/tcp-proxy.js';

// PostgreSQL goes away (the service reaches it through a TCP proxy the test cuts): every
// route answers 503 DATABASE_UNAVAILABLE with Retry-After, not a 500, writes nothing, and
// the service recovers by itself once the database is back.
describe('database outage', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let t: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase('db_outage');
    const real = new URL(db.url);
    proxy = await startTcpProxy({ host: real.hostname, port: Number(real.port) });
    const viaProxy = new URL(db.url);
    viaProxy.port = String(proxy.port);
    t = await startTestApp({ db: { ...db, url: viaProxy.toString() } });
  });
  afterAll(async () => {
    await proxy?.restore().catch(() => undefined);
    await t?.close();
    await proxy?.close();
    await db?.drop();
  });

  const listOrders = () => http('GET', `${t.url}/v1/orders`, { key: TEST_SERVICE_KEY });
  const create = () =>
    http('POST', `${t.url}/v1/orders`, {
      key: TEST_SERVICE_KEY,
      body: { merchantReference: 'INV-outage', amount: 10_000, currency: 'IDR' },
      headers: { 'Idempotency-Key': 'outage-1' },
    });
  const expectUnavailable = (r: Awaited<ReturnType<typeof http>>) => {
    expect({ status: r.status, code: r.body?.code }).toEqual({
      status: 503,
      code: 'DATABASE_UNAVAILABLE',
    });
    expect(r.headers.get('retry-after')).toBe('5');
    expect(r.body.message).toMatch(/database is unreachable/);
    expect(r.body.requestId).toBe(r.headers.get('x-request-id'));
  };

  it('answers 503 DATABASE_UNAVAILABLE with Retry-After while PostgreSQL is unreachable, then recovers', async () => {
    expect((await listOrders()).status).toBe(200);

    await proxy.cut();
    expectUnavailable(await listOrders());
    expectUnavailable(await create());
    expectUnavailable(await listOrders());
    expect((await http('GET', `${t.url}/health/ready`)).status).toBe(503);
    // No 5xx line says more than it must: the error line names the code.
    expect(t.logs.text).toContain('"code":"DATABASE_UNAVAILABLE"');

    await proxy.restore();
    const deadline = Date.now() + 10_000;
    let back = await listOrders();
    while (back.status !== 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      back = await listOrders();
    }
    expect(back.status).toBe(200);
    expect((await http('GET', `${t.url}/health/ready`)).status).toBe(200);
    // The create refused during the outage wrote nothing.
    const [{ orders, keys }] = await t.dataSource.query(
      'SELECT (SELECT count(*) FROM orders)::int AS orders, (SELECT count(*) FROM idempotency_keys)::int AS keys',
    );
    expect({ orders, keys }).toEqual({ orders: 0, keys: 0 });
  });
});
