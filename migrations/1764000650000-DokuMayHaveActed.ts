import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Refunds and QRIS payments remember, once and for good, that DOKU may have acted on one of
 * their attempts (a lost answer, a 5xx after sending). From then on only DOKU's success or
 * its replay of the first answer may settle them: a later 401, 429, 5xx, timeout or fresh
 * refusal leaves them UNKNOWN (libs/doku-snap `afterUnknown`). The status alone cannot say
 * it: an UNKNOWN left by a 429 or a refused connection moved nothing, and a later refusal
 * may settle it as FAILED. Rows already UNKNOWN (or a refund whose creating request died)
 * are taken as "may have acted": the safe side.
 */
export class DokuMayHaveActed1764000650000 implements MigrationInterface {
  name = 'DokuMayHaveActed1764000650000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE refunds ADD COLUMN doku_may_have_acted boolean NOT NULL DEFAULT false`,
    );
    await q.query(
      `UPDATE refunds SET doku_may_have_acted = true
       WHERE status = 'UNKNOWN' OR (status = 'PENDING' AND attempts > 1)`,
    );
    await q.query(
      `ALTER TABLE qris_payments ADD COLUMN doku_may_have_acted boolean NOT NULL DEFAULT false`,
    );
    await q.query(`UPDATE qris_payments SET doku_may_have_acted = true WHERE status = 'UNKNOWN'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE qris_payments DROP COLUMN doku_may_have_acted`);
    await q.query(`ALTER TABLE refunds DROP COLUMN doku_may_have_acted`);
  }
}
