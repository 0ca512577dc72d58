import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Foundation schema: the service's bookkeeping only. Orders, events and the outbox
 * arrive with their own migrations. Migrations are never edited once landed.
 */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    // A tiny table the readiness probe and operators can read: which schema is live.
    await q.query(`
      CREATE TABLE service_info (
        key text PRIMARY KEY,
        value text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO service_info (key, value) VALUES ('schema', 'payment-service')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE service_info');
  }
}
