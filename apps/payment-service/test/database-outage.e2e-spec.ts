import { startTestApp, TEST_SERVICE_KEY, type TestApp } from '../../../test/support/app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { http } from '../../../test/support/http.js';
import { startStack, type Stack } from '../../../test/support/stack.js';
import { startTcpProxy, type TcpProxy } from '../../../test/support/tcp-proxy.js';
import { steerClock, sweep } from './reconciler.support.js';

/** A fresh database reached through a proxy the test can cut. */
async function databaseBehindProxy(label: string) {
  const db = await createTestDatabase(label);
  const real = new URL(db.url);
  const proxy = await startTcpProxy({ host: real.hostname, port: Number(real.port) });
  const viaProxy = new URL(db.url);
  viaProxy.port = String(proxy.port);
  return { db, proxy, viaProxy: { ...db, url: viaProxy.toString() } };
}

// PostgreSQL goes away (the service reaches it through a TCP proxy the test cuts): every
// route answers 503 DATABASE_UNAVAILABLE with Retry-After, not a 500, writes nothing, and
// the service recovers by itself once the database is back.
describe('database outage', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let t: TestApp;

  beforeAll(async () => {
    let viaProxy: TestDatabase;
    ({ db, proxy, viaProxy } = await databaseBehindProxy('db_outage'));
    t = await startTestApp({ db: viaProxy });
  });
  afterAll(async () => {
    await proxy?.restore().catch(() => undefined);
    await t?.close();
    await proxy?.close();
    await db?.drop();
  }, 90_000); // see the other afterAll below

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

// What docs/api-guide.md promises a shop when the database fails between DOKU's answer and
// our write of it: 503, then 409 REQUEST_IN_PROGRESS, then (once the reconciler has
// cancelled the QR at DOKU) 502 GATEWAY_OUTCOME_UNKNOWN, one order for the key throughout.
describe('database outage between DOKU creating the QR and our write', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let s: Stack;

  beforeAll(async () => {
    let viaProxy: TestDatabase;
    ({ db, proxy, viaProxy } = await databaseBehindProxy('db_outage_mid'));
    s = await startStack({ db: viaProxy });
  });
  // Closing after an outage has taken more than 30 s on a loaded machine (cause not found
  // yet: see the session note); the close itself is what is waited for, not a test.
  afterAll(async () => {
    await proxy?.restore().catch(() => undefined);
    await s?.close();
    await proxy?.close();
    await db?.drop();
  }, 90_000);

  it('answers 503, then 409 REQUEST_IN_PROGRESS, then 502 GATEWAY_OUTCOME_UNKNOWN with the QR cancelled', async () => {
    const clock = steerClock(s.service.app);
    const create = () =>
      http('POST', `${s.service.url}/v1/orders`, {
        key: TEST_SERVICE_KEY,
        body: { merchantReference: 'INV-mid', amount: 10_000, currency: 'IDR' },
        headers: { 'Idempotency-Key': 'mid-outage-1' },
      });
    // DOKU takes 800 ms to create the QR; the database goes away meanwhile.
    s.simulator.setEndpointFault('generate', { latencyMs: 800, times: 1 });
    const first = create();
    await new Promise((r) => setTimeout(r, 400));
    await proxy.cut();
    const answer = await first;
    expect({ status: answer.status, code: answer.body?.code }).toEqual({
      status: 503,
      code: 'DATABASE_UNAVAILABLE',
    });
    expect(answer.headers.get('retry-after')).toBe('5');
    expect(s.simulator.ledger().transactions).toHaveLength(1);

    await proxy.restore();
    let retry = await create();
    for (let i = 0; retry.status === 503 && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 200));
      retry = await create();
    }
    expect({ status: retry.status, code: retry.body?.code }).toEqual({
      status: 409,
      code: 'REQUEST_IN_PROGRESS',
    });
    expect(retry.headers.get('retry-after')).toBe('2');
    const orderId = retry.body.details.order.id as string;

    clock.advance(60_000); // past the generate in-flight window
    expect(await sweep(s.service.app)).toMatchObject({ claimed: 1, failed: 1 });
    const final = await create();
    expect({ status: final.status, code: final.body?.code }).toEqual({
      status: 502,
      code: 'GATEWAY_OUTCOME_UNKNOWN',
    });
    expect(final.body.details.order).toMatchObject({ id: orderId, status: 'FAILED' });
    expect(s.simulator.ledger().transactions[0].status).toMatch(/CANCEL/i);
    const [{ n }] = await s.service.dataSource.query('SELECT count(*)::int AS n FROM orders');
    expect(n).toBe(1);
  });
});
