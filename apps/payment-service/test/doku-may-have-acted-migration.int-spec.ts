// The migration that lets refunds and QRIS payments remember that DOKU may have acted on one
// of their attempts: rows already UNKNOWN (or a refund whose creating request died) are
// marked, the others not; revert drops the columns.
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '#migrations';
import { dataSourceOptions } from '../src/database/data-source.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';

const UP_TO = MIGRATIONS.slice(
  0,
  MIGRATIONS.findIndex((m) => m.name === 'DokuMayHaveActed1764000650000') + 1,
);

async function dataSource(url: string, migrations: DataSource['options']['migrations']) {
  const ds = new DataSource({ ...dataSourceOptions(url, 2), migrations });
  await ds.initialize();
  return ds;
}

describe('migration DokuMayHaveActed1764000650000', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('doku_may_have_acted_migration');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('marks the open refunds and payments DOKU may have acted on, and reverts', async () => {
    const before = await dataSource(db.url, UP_TO.slice(0, -1));
    await before.runMigrations({ transaction: 'each' });
    await before.query(
      `INSERT INTO orders (id, merchant_reference, shop_key_id, amount, currency, status,
          partner_reference_no, terminal_id, expires_at, paid_amount, paid_at)
       VALUES ('ord_aaaaaaaaaaaaaaaaaaaaaaaa', 'INV-1', 'shop', 9000, 'IDR', 'PAID',
               md5('a'), 'A01', now(), 9000, now())`,
    );
    const refund = (id: string, status: string, attempts: number) =>
      before.query(
        `INSERT INTO refunds (id, order_id, amount, currency, reason, status, partner_refund_no,
            actor, idempotency_key, attempts)
         VALUES ($1, 'ord_aaaaaaaaaaaaaaaaaaaaaaaa', 1000, 'IDR', 'r', $2, $1, 'alice', $1, $3)`,
        [id, status, attempts],
      );
    await refund('rfd_unknownaaaaaaaaaaaaaaa', 'UNKNOWN', 1);
    await refund('rfd_pendingdiedaaaaaaaaaaa', 'PENDING', 2);
    await refund('rfd_pendingnewaaaaaaaaaaaa', 'PENDING', 1);
    await refund('rfd_doneaaaaaaaaaaaaaaaaaa', 'SUCCEEDED', 1);
    const payment = (id: string, status: string) =>
      before.query(
        `INSERT INTO qris_payments (id, shop_key_id, idempotency_key, partner_reference_no,
            external_id, qr_content, amount, currency, status)
         VALUES ($1, 'shop', $1, md5($1), '1', 'qr', 1000, 'IDR', $2)`,
        [id, status],
      );
    await payment('qrp_unknownaaaaaaaaaaaaaaa', 'UNKNOWN');
    await payment('qrp_settledaaaaaaaaaaaaaa', 'SUCCEEDED');
    await before.destroy();

    const ds = await dataSource(db.url, UP_TO);
    try {
      expect((await ds.runMigrations({ transaction: 'each' })).map((m) => m.name)).toEqual([
        'DokuMayHaveActed1764000650000',
      ]);
      expect(
        await ds.query('SELECT id, doku_may_have_acted AS acted FROM refunds ORDER BY id'),
      ).toEqual([
        { id: 'rfd_doneaaaaaaaaaaaaaaaaaa', acted: false },
        { id: 'rfd_pendingdiedaaaaaaaaaaa', acted: true },
        { id: 'rfd_pendingnewaaaaaaaaaaaa', acted: false },
        { id: 'rfd_unknownaaaaaaaaaaaaaaa', acted: true },
      ]);
      expect(
        await ds.query('SELECT id, doku_may_have_acted AS acted FROM qris_payments ORDER BY id'),
      ).toEqual([
        { id: 'qrp_settledaaaaaaaaaaaaaa', acted: false },
        { id: 'qrp_unknownaaaaaaaaaaaaaaa', acted: true },
      ]);
      await ds.undoLastMigration({ transaction: 'each' });
      const columns: { n: number }[] = await ds.query(
        `SELECT count(*)::int AS n FROM information_schema.columns WHERE column_name = 'doku_may_have_acted'`,
      );
      expect(columns).toEqual([{ n: 0 }]);
    } finally {
      await ds.destroy();
    }
  });
});
