import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the retention sweep (retention/), so that finding the oldest prunable rows
 * reads an index range instead of the whole table every minute:
 * - idempotency keys by creation time. Not partial on the answer: the UPDATE that records
 *   the answer then changes no indexed column and stays a HOT update on the create path;
 * - successful webhook deliveries by delivery time (that UPDATE already changes indexed
 *   columns, so it costs one more index entry, not a HOT update).
 * Built CONCURRENTLY (outside a transaction): both tables may be large by the time this
 * runs, and a plain CREATE INDEX would block their writes meanwhile.
 */
export class RetentionIndexes1764000700000 implements MigrationInterface {
  name = 'RetentionIndexes1764000700000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS idempotency_keys_created_idx ON idempotency_keys (created_at)`,
    );
    await q.query(
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS webhook_deliveries_delivered_idx ON webhook_deliveries (delivered_at) WHERE status = 'SUCCEEDED'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS webhook_deliveries_delivered_idx`);
    await q.query(`DROP INDEX IF EXISTS idempotency_keys_created_idx`);
  }
}
