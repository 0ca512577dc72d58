// The backlog gauges run one statement at every Prometheus scrape of every replica. It must
// cost what the backlogs are (live orders, pending and dead deliveries, open refunds), not
// what the tables hold after years: on tables full of settled history, its plan reads no
// table whole. Asserted on PostgreSQL's chosen plan, not on a timing.
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source.js';
import { BACKLOG_SQL } from '../src/metrics/backlog-gauges.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

describe('the backlog gauges query', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('backlog');
    ds = new DataSource(dataSourceOptions(db.url, 2));
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    // 60 000 settled orders with a delivered webhook each, and a handful of live ones.
    await ds.query(`
      INSERT INTO orders (id, merchant_reference, shop_key_id, amount, currency, status,
                          partner_reference_no, terminal_id, expires_at, paid_at, paid_amount)
      SELECT 'ord_' || lpad(i::text, 24, '0'), 'INV-' || i, 'shop-a', 10000, 'IDR',
             CASE WHEN i <= 5 THEN 'PENDING' ELSE 'PAID' END, md5(i::text), 'A01',
             now() + interval '15 minutes', now(), 10000
        FROM generate_series(1, 60000) i`);
    await ds.query(`
      INSERT INTO webhook_events (id, order_id, type, sequence, payload)
      SELECT 'evt_' || i, 'ord_' || lpad(i::text, 24, '0'), 'order.paid', 1, '{}'::jsonb
        FROM generate_series(1, 60000) i`);
    await ds.query(`
      INSERT INTO webhook_deliveries (id, event_id, url, status, attempts, delivered_at)
      SELECT 'dlv_' || i, 'evt_' || i, 'https://shop.test/hook',
             CASE WHEN i <= 3 THEN 'PENDING' WHEN i <= 5 THEN 'DEAD' ELSE 'SUCCEEDED' END,
             1, now()
        FROM generate_series(1, 60000) i`);
    await ds.query('ANALYZE');
  }, 120_000);
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('counts what it should', async () => {
    const [row] = await ds.query(BACKLOG_SQL);
    expect(row).toMatchObject({
      orders_creating: 0,
      orders_pending: 5,
      orders_flagged: 0,
      outbox_pending: 3,
      outbox_dead: 2,
      refunds_pending: 0,
      refunds_unknown: 0,
    });
  });

  it('reads indexes over the backlogs only, never a whole table', async () => {
    const [{ 'QUERY PLAN': plans }] = await ds.query(`EXPLAIN (FORMAT JSON) ${BACKLOG_SQL}`);
    const all = nodes((plans as { Plan: PlanNode }[])[0].Plan);
    const seqScans = all
      .filter((n) => n['Node Type'] === 'Seq Scan')
      .map((n) => n['Relation Name']);
    // refunds is empty here: PostgreSQL may scan an empty table rather than its index.
    expect(seqScans.filter((r) => r !== 'refunds')).toEqual([]);
    const indexes = new Set(all.map((n) => n['Index Name']).filter(Boolean));
    expect([...indexes].sort()).toEqual(
      expect.arrayContaining([
        'orders_flagged_idx',
        'orders_status_created_idx',
        'webhook_deliveries_dead_idx',
        'webhook_deliveries_due_idx',
      ]),
    );
  });
});
