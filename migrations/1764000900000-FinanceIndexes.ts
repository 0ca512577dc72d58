import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the console's Finance page (finance/), so a day's summary and a range's CSV
 * read an index range instead of every order and refund ever kept:
 * - orders by payment time (the summary's "paid that day"), partial: unpaid orders have none;
 * - refunds made by DOKU by refund time (the summary's "refunded that day");
 * - refunds by creation time (the refunds CSV). Orders by creation time have one already.
 * Built CONCURRENTLY (outside a transaction): both tables may be large by the time this runs.
 */
export class FinanceIndexes1764000900000 implements MigrationInterface {
  name = 'FinanceIndexes1764000900000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_paid_at_idx ON orders (paid_at) WHERE paid_at IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS refunds_refunded_at_idx ON refunds (refunded_at) WHERE status = 'SUCCEEDED'`,
    );
    await q.query(
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS refunds_created_idx ON refunds (created_at, id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS refunds_created_idx`);
    await q.query(`DROP INDEX IF EXISTS refunds_refunded_at_idx`);
    await q.query(`DROP INDEX IF EXISTS orders_paid_at_idx`);
  }
}
