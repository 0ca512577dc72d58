import type { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { startStack, type Stack } from '../../../test/support/stack.js';
import type { SweepSummary } from '../src/reconciler/reconciler.service.js';
import { bucketCapacity } from '../src/reconciler/doku-rate-limiter.js';
import { drain, seedPendingOrders } from './reconciler.support.js';

const MIN = 60_000;

/** Several service instances on one database, like replicas behind a load balancer. */
describe('reconciler replicas sharing one database', () => {
  let s: Stack;
  let ds: DataSource;
  const extra: TestApp[] = [];

  const replicaEnv = (rate: number) => ({
    RECONCILER_BATCH_SIZE: '100',
    RECONCILER_CONCURRENCY: '8',
    RECONCILER_RATE_LIMIT_PER_SECOND: String(rate),
    DOKU_TIMEOUT_MS: '5000',
    LOG_LEVEL: 'warn',
  });
  const replica = async (rate: number) => {
    const app = await startTestApp({
      db: s.service.db,
      doku: s.service.config.doku,
      env: replicaEnv(rate),
    });
    extra.push(app);
    return app;
  };

  beforeAll(async () => {
    s = await startStack({ label: 'rec_replicas', env: replicaEnv(0) });
    ds = s.service.dataSource;
  });
  afterAll(async () => {
    for (const app of extra) await app.close();
    await s?.close();
  });

  it('three instances sweep 2,000 open orders: each queried exactly once, none missed, no duplicate webhook', async () => {
    const apps = [s.service, await replica(0), await replica(0)];
    const now = Date.now();
    const orders = await seedPendingOrders(ds, s.simulator, 2000, {
      createdAt: new Date(now - 10 * MIN),
      expiresAt: new Date(now + 10 * MIN),
      nextPollAt: new Date(now - 1000),
    });
    const paid = orders.slice(0, 500);
    const expiring = orders.slice(500, 1000);
    const pending = orders.slice(1000);
    s.simulator.setNotificationFault({ dropRate: 1 });
    for (const o of paid) s.simulator.pay(o.partnerReferenceNo);
    await ds.query('UPDATE orders SET expires_at = $2 WHERE id = ANY($1)', [
      expiring.map((o) => o.id),
      new Date(now - 1000),
    ]);

    const summaries: SweepSummary[] = await Promise.all(apps.map((a) => drain(a.app)));
    const claimed = summaries.map((x) => x.claimed);
    expect(claimed.reduce((a, b) => a + b, 0)).toBe(2000);
    for (const c of claimed) expect(c).toBeGreaterThan(0);
    const total = (k: keyof SweepSummary) => summaries.reduce((a, x) => a + x[k], 0);
    expect(total('paid')).toBe(500);
    expect(total('expired')).toBe(500);
    expect(total('stillPending')).toBe(1000);
    expect(total('errors') + total('superseded')).toBe(0);

    // The simulator's ledger: every order queried exactly once for its one due time.
    const ledger = new Map(s.simulator.ledger().transactions.map((t) => [t.partnerReferenceNo, t]));
    const counts = orders.map((o) => ledger.get(o.partnerReferenceNo)!.queryCount);
    expect(counts.filter((c) => c !== 1)).toEqual([]);
    for (const o of expiring) expect(ledger.get(o.partnerReferenceNo)!.cancelledAt).not.toBeNull();

    const byStatus: { status: string; n: number }[] = await ds.query(
      `SELECT status, count(*)::int AS n FROM orders WHERE id = ANY($1) GROUP BY status ORDER BY status`,
      [orders.map((o) => o.id)],
    );
    expect(byStatus).toEqual([
      { status: 'EXPIRED', n: 500 },
      { status: 'PAID', n: 500 },
      { status: 'PENDING', n: 1000 },
    ]);
    const [{ due }] = await ds.query(
      `SELECT count(*)::int AS due FROM order_polls WHERE order_id = ANY($1) AND next_poll_at <= now()`,
      [pending.map((o) => o.id)],
    );
    expect(due).toBe(0);

    const hooks: { type: string; n: number }[] = await ds.query(
      `SELECT type, count(*)::int AS n FROM webhook_events WHERE order_id = ANY($1)
       GROUP BY type ORDER BY type`,
      [orders.map((o) => o.id)],
    );
    expect(hooks).toEqual([
      { type: 'order.expired', n: 500 },
      { type: 'order.paid', n: 500 },
    ]);
    const [{ dup }] = await ds.query(
      `SELECT count(*)::int AS dup FROM (SELECT order_id, type FROM webhook_events
       GROUP BY order_id, type HAVING count(*) > 1) d`,
    );
    expect(dup).toBe(0);
    await s.simulator.notificationsIdle();
    // DOKU's cancel notifications found the orders EXPIRED and changed nothing.
    const [{ cancelled }] = await ds.query(
      `SELECT count(*)::int AS cancelled FROM orders WHERE status = 'CANCELLED'`,
    );
    expect(cancelled).toBe(0);
  }, 60_000);

  it('holds the global rate limit across three instances (a token bucket in PostgreSQL)', async () => {
    const rate = 100;
    const limited = [await replica(rate), await replica(rate), await replica(rate)];
    const now = Date.now();
    const orders = await seedPendingOrders(ds, s.simulator, 300, {
      createdAt: new Date(now - 10 * MIN),
      expiresAt: new Date(now + 10 * MIN),
      nextPollAt: new Date(now - 1000),
    });
    const queriesBefore = s.simulator.ledger().counters.queries;
    const started = performance.now();
    const summaries = await Promise.all(limited.map((a) => drain(a.app)));
    const seconds = (performance.now() - started) / 1000;
    const queries = s.simulator.ledger().counters.queries - queriesBefore;
    expect(queries).toBe(300);
    expect(summaries.reduce((a, x) => a + x.claimed, 0)).toBe(300);
    for (const x of summaries) expect(x.claimed).toBeGreaterThan(0);
    // At most the bucket's burst above the rate; each replica alone could go far faster.
    const burst = bucketCapacity(rate);
    expect(seconds).toBeGreaterThanOrEqual((queries - burst) / rate / 1.05);
    const measured = queries / seconds;
    expect(measured).toBeGreaterThan(rate * 0.85);
    const ledger = new Map(s.simulator.ledger().transactions.map((t) => [t.partnerReferenceNo, t]));
    expect(orders.filter((o) => ledger.get(o.partnerReferenceNo)!.queryCount !== 1)).toEqual([]);
  }, 60_000);
});
