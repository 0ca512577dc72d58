import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `webhook_dead_letters` is counted when Prometheus scrapes: the dead-lettered deliveries
 * whose event has no later delivery (an admin resend). Without this partial index that
 * count reads every delivery ever kept; with it, only the dead ones (few, by design), each
 * probed through `webhook_deliveries_event_idx`.
 */
export class WebhookDeadLetterIndex1764000750000 implements MigrationInterface {
  name = 'WebhookDeadLetterIndex1764000750000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX webhook_deliveries_dead_idx ON webhook_deliveries (event_id) WHERE status = 'DEAD'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX webhook_deliveries_dead_idx`);
  }
}
