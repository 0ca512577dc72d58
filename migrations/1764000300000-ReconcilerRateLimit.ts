import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reconciler's global limit on DOKU calls: one token bucket per name, shared by every
 * replica. A replica takes tokens with one guarded UPDATE that first refills the bucket by
 * the time elapsed on the database's clock (the one clock all replicas share).
 */
export class ReconcilerRateLimit1764000300000 implements MigrationInterface {
  name = 'ReconcilerRateLimit1764000300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rate_limit_buckets (
        name text PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 64),
        tokens double precision NOT NULL CHECK (tokens >= 0),
        refilled_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO rate_limit_buckets (name, tokens) VALUES ('doku.reconciler', 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE rate_limit_buckets');
  }
}
