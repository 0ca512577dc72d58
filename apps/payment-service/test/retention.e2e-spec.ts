// The retention sweep against the real database: rows backdated past their periods are
// pruned in batches; keys without a final answer and webhooks not (or not only) delivered
// are kept, whatever their age.
import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type ServiceConfig } from '../src/config/app-config.js';
import { MetricsService } from '../src/metrics/metrics.service.js';
import { RETENTION_INTERVAL } from '../src/retention/retention.schedule.js';
import { RetentionSweep } from '../src/retention/retention.sweep.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { http } from '../../../test/support/http.js';
import { insertOrder } from './webhooks.support.js';

type Delivery = [status: 'PENDING' | 'SUCCEEDED' | 'DEAD', deliveredDaysAgo: number | null];

describe('retention sweep', () => {
  let t: TestApp;
  let ds: DataSource;
  let orderId: string;
  let sequence = 0;

  beforeAll(async () => {
    // A long interval: the test runs the sweep itself.
    t = await startTestApp({ label: 'retention', env: { RETENTION_INTERVAL_MS: '86400000' } });
    ds = t.dataSource;
    orderId = await insertOrder(ds);
  });
  afterAll(async () => {
    await t?.close();
  });

  const key = (k: string, daysAgo: number, answered: boolean) =>
    ds.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, response_status, response_body, created_at, completed_at)
       VALUES ('orders.create', $1, 'h', $2::int, $3::jsonb, now() - make_interval(days => $4), $5::timestamptz)`,
      [
        k,
        answered ? 201 : null,
        answered ? '{"id":"ord_x"}' : null,
        daysAgo,
        answered ? new Date(Date.now() - daysAgo * 86_400_000) : null,
      ],
    );

  /** An event of the order with its deliveries (each with one attempt); returns its id. */
  async function event(name: string, createdDaysAgo: number, deliveries: Delivery[]) {
    const id = `evt_${name}`;
    await ds.query(
      `INSERT INTO webhook_events (id, order_id, type, sequence, payload, created_at)
       VALUES ($1, $2, 'order.paid', $3, '{}', now() - make_interval(days => $4))`,
      [id, orderId, ++sequence, createdDaysAgo],
    );
    for (const [i, [status, deliveredDaysAgo]] of deliveries.entries()) {
      const d = `whd_${name}_${i}`;
      await ds.query(
        `INSERT INTO webhook_deliveries (id, event_id, url, status, attempts, delivered_at, created_at)
         VALUES ($1, $2, 'http://shop.test/hook', $3, 1,
                 CASE WHEN $4::int IS NULL THEN NULL ELSE now() - make_interval(days => $4::int) END,
                 now() - make_interval(days => $5))`,
        [d, id, status, deliveredDaysAgo, createdDaysAgo],
      );
      await ds.query(
        `INSERT INTO webhook_attempts (delivery_id, attempt, status_code, duration_ms) VALUES ($1, 1, 200, 5)`,
        [d],
      );
    }
    return id;
  }

  const keysLeft = async () =>
    (
      (await ds.query(
        `SELECT key FROM idempotency_keys WHERE key NOT LIKE 'bulk-%' ORDER BY key`,
      )) as { key: string }[]
    ).map((r) => r.key);
  const eventsLeft = async () =>
    ((await ds.query(`SELECT id FROM webhook_events ORDER BY id`)) as { id: string }[]).map(
      (r) => r.id,
    );

  it('is registered as a scheduled sweep', () => {
    expect(t.app.get(SchedulerRegistry).doesExist('interval', RETENTION_INTERVAL)).toBe(true);
  });

  it('prunes answered keys older than 7 days, 1000 rows a statement and 5 statements a run', async () => {
    await ds.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, response_status, response_body, created_at, completed_at)
       SELECT 'orders.create', 'bulk-' || i, 'h', 201, '{}', now() - interval '30 days', now() - interval '30 days'
       FROM generate_series(1, 5000) i`,
    );
    await key('old-answered', 8, true);
    await key('old-in-flight', 8, false); // in flight, or DOKU's answer unknown: no answer yet
    await key('recent-answered', 6, true);

    const sweep = t.app.get(RetentionSweep);
    const first = await sweep.prune();
    expect(first.idempotencyKeys).toBe(5000); // the run's cap: the backlog drains over runs
    const second = await sweep.prune();
    expect(second.idempotencyKeys).toBe(1);
    expect((await sweep.prune()).idempotencyKeys).toBe(0);
    expect(await keysLeft()).toEqual(['old-in-flight', 'recent-answered']);
    const bulk = await ds.query(
      `SELECT count(*) AS n FROM idempotency_keys WHERE key LIKE 'bulk-%'`,
    );
    expect(bulk[0].n).toBe(0);

    const metrics = await http('GET', `${t.url}/metrics`);
    expect(metrics.text).toContain('retention_pruned_rows_total{table="idempotency_keys"} 5001');
  });

  it('prunes events delivered more than 30 days ago with their deliveries and attempts, nothing else', async () => {
    await event('delivered_old', 32, [['SUCCEEDED', 31]]);
    await event('dead_then_resent_old', 40, [
      ['DEAD', null],
      ['SUCCEEDED', 31],
    ]);
    await event('delivered_recent', 29, [['SUCCEEDED', 29]]);
    await event('delivered_old_resent_recent', 40, [
      ['SUCCEEDED', 35],
      ['SUCCEEDED', 2],
    ]);
    await event('delivered_old_resend_pending', 40, [
      ['SUCCEEDED', 35],
      ['PENDING', null],
    ]);
    await event('dead_old', 40, [['DEAD', null]]);
    await event('pending_old', 40, [['PENDING', null]]);
    await event('never_sent_old', 40, []); // WEBHOOK_URL unset: stored, not delivered

    const r = await t.app.get(RetentionSweep).prune();
    expect(r).toMatchObject({ webhookEvents: 2, webhookDeliveries: 3, webhookAttempts: 3 });
    expect(await eventsLeft()).toEqual([
      'evt_dead_old',
      'evt_delivered_old_resend_pending',
      'evt_delivered_old_resent_recent',
      'evt_delivered_recent',
      'evt_never_sent_old',
      'evt_pending_old',
    ]);
    const deliveries = await ds.query(`SELECT count(*) AS n FROM webhook_deliveries`);
    expect(deliveries[0].n).toBe(7);
    const attempts = await ds.query(`SELECT count(*) AS n FROM webhook_attempts`);
    expect(attempts[0].n).toBe(7);
    expect((await t.app.get(RetentionSweep).prune()).webhookEvents).toBe(0);
  });

  it('keeps everything of a kind whose period is 0', async () => {
    await key('kept-forever', 400, true);
    await event('kept_forever', 400, [['SUCCEEDED', 400]]);
    const config = t.app.get<ServiceConfig>(APP_CONFIG);
    const forever = new RetentionSweep(
      { ...config, retention: { ...config.retention, idempotencyKeyDays: 0, webhookDays: 0 } },
      ds,
      t.app.get(MetricsService),
    );
    expect((await forever.prune()).claimed).toBe(0);
    expect(await keysLeft()).toContain('kept-forever');
    expect(await eventsLeft()).toContain('evt_kept_forever');
  });
});
