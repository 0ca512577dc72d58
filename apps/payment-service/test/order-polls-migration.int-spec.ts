// The migration that moves the reconciler's schedule out of `orders` into `order_polls`,
// applied to a database holding orders (scheduled and not), then reverted and applied again.
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '#migrations';
import { dataSourceOptions } from '../src/database/data-source.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';

const dueAt = new Date('2030-01-02T03:04:05.678Z');
// Every migration up to this one (later ones are not what this spec is about).
const UP_TO_ORDER_POLLS = MIGRATIONS.slice(
  0,
  MIGRATIONS.findIndex((m) => m.name === 'OrderPolls1764000500000') + 1,
);

async function dataSource(url: string, migrations: DataSource['options']['migrations']) {
  const ds = new DataSource({ ...dataSourceOptions(url, 2), migrations });
  await ds.initialize();
  return ds;
}

async function columnsOfOrders(ds: DataSource): Promise<string[]> {
  const rows: { column_name: string }[] = await ds.query(
    `SELECT column_name FROM information_schema.columns WHERE table_name = 'orders'`,
  );
  return rows.map((r) => r.column_name);
}

describe('migration OrderPolls1764000500000', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('order_polls_migration');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('moves scheduled orders into order_polls, drops the columns, and reverts losslessly', async () => {
    const before = await dataSource(db.url, UP_TO_ORDER_POLLS.slice(0, -1));
    await before.runMigrations({ transaction: 'each' });
    await before.query(
      `INSERT INTO orders (id, merchant_reference, shop_key_id, amount, currency, status,
          partner_reference_no, terminal_id, expires_at, next_poll_at, poll_count)
       VALUES ('ord_aaaaaaaaaaaaaaaaaaaaaaaa', 'INV-1', 'shop', 1000, 'IDR', 'PENDING',
               md5('a'), 'A01', now(), $1, 3),
              ('ord_bbbbbbbbbbbbbbbbbbbbbbbb', 'INV-2', 'shop', 1000, 'IDR', 'FAILED',
               md5('b'), 'A01', now(), NULL, 2)`,
      [dueAt],
    );
    await before.destroy();

    const ds = await dataSource(db.url, UP_TO_ORDER_POLLS);
    try {
      expect((await ds.runMigrations({ transaction: 'each' })).map((m) => m.name)).toEqual([
        'OrderPolls1764000500000',
      ]);
      expect(await ds.query('SELECT order_id, next_poll_at, poll_count FROM order_polls')).toEqual([
        { order_id: 'ord_aaaaaaaaaaaaaaaaaaaaaaaa', next_poll_at: dueAt, poll_count: 3 },
      ]);
      const columns = await columnsOfOrders(ds);
      expect(columns).not.toContain('next_poll_at');
      expect(columns).not.toContain('poll_count');
      const indexes: { indexname: string }[] = await ds.query(
        `SELECT indexname FROM pg_indexes WHERE tablename IN ('orders', 'order_polls') ORDER BY 1`,
      );
      expect(indexes.map((i) => i.indexname)).toContain('order_polls_due_idx');
      expect(indexes.map((i) => i.indexname)).not.toContain('orders_due_poll_idx');

      await ds.undoLastMigration({ transaction: 'each' });
      expect(await ds.query('SELECT id, next_poll_at, poll_count FROM orders ORDER BY id')).toEqual(
        [
          { id: 'ord_aaaaaaaaaaaaaaaaaaaaaaaa', next_poll_at: dueAt, poll_count: 3 },
          // Its count of polls is not kept: it had no next poll, so no order_polls row.
          { id: 'ord_bbbbbbbbbbbbbbbbbbbbbbbb', next_poll_at: null, poll_count: 0 },
        ],
      );
      expect(
        await ds.query(
          `SELECT to_regclass('order_polls') AS t, to_regclass('orders_due_poll_idx') AS i`,
        ),
      ).toEqual([{ t: null, i: 'orders_due_poll_idx' }]);

      await ds.runMigrations({ transaction: 'each' });
      expect(await ds.query('SELECT order_id, poll_count FROM order_polls')).toEqual([
        { order_id: 'ord_aaaaaaaaaaaaaaaaaaaaaaaa', poll_count: 3 },
      ]);
    } finally {
      await ds.destroy();
    }
  });

  it('removes an order’s schedule with the order (ON DELETE CASCADE)', async () => {
    const ds = await dataSource(db.url, MIGRATIONS);
    try {
      await ds.query(
        `INSERT INTO orders (id, merchant_reference, shop_key_id, amount, currency, status,
            partner_reference_no, terminal_id, expires_at)
         VALUES ('ord_cccccccccccccccccccccccc', 'INV-3', 'shop', 1000, 'IDR', 'CANCELLED',
                 md5('c'), 'A01', now())`,
      );
      await ds.query(
        `INSERT INTO order_polls (order_id, next_poll_at) VALUES ('ord_cccccccccccccccccccccccc', now())`,
      );
      await ds.query(`DELETE FROM orders WHERE id = 'ord_cccccccccccccccccccccccc'`);
      expect(
        await ds.query(
          `SELECT count(*)::int AS n FROM order_polls WHERE order_id = 'ord_cccccccccccccccccccccccc'`,
        ),
      ).toEqual([{ n: 0 }]);
      await expect(
        ds.query(`INSERT INTO order_polls (order_id, next_poll_at) VALUES ('ord_nope', now())`),
      ).rejects.toThrow(/foreign key/);
    } finally {
      await ds.destroy();
    }
  });
});
