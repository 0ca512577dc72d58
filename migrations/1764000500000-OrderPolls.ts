import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reconciler's schedule moves out of `orders` into `order_polls`: one narrow row per order
 * that still needs a look at DOKU ("no next poll" is no row). Every poll rewrites the
 * schedule twice (the claim's lease, then the next poll); on `orders`, whose `next_poll_at`
 * was indexed, each of those writes was a non-HOT update inserting into all seven indexes
 * of the wide row. Here it touches a three-column row and two indexes, and the claim reads
 * a table that holds only the scheduled orders, however many terminal ones `orders` keeps.
 */
export class OrderPolls1764000500000 implements MigrationInterface {
  name = 'OrderPolls1764000500000';

  async up(q: QueryRunner): Promise<void> {
    // fillfactor: an update of `next_poll_at` cannot be HOT (the column is indexed), but the
    // free room lets the new version land on the same page, so a poll dirties one heap page.
    await q.query(`
      CREATE TABLE order_polls (
        order_id text PRIMARY KEY REFERENCES orders(id) ON DELETE CASCADE,
        next_poll_at timestamptz NOT NULL,
        poll_count integer NOT NULL DEFAULT 0
      ) WITH (fillfactor = 50)`);
    await q.query(`CREATE INDEX order_polls_due_idx ON order_polls (next_poll_at)`);
    await q.query(`
      INSERT INTO order_polls (order_id, next_poll_at, poll_count)
      SELECT id, next_poll_at, poll_count FROM orders WHERE next_poll_at IS NOT NULL`);
    await q.query(`DROP INDEX orders_due_poll_idx`);
    await q.query(`ALTER TABLE orders DROP COLUMN next_poll_at, DROP COLUMN poll_count`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE orders ADD COLUMN next_poll_at timestamptz,
        ADD COLUMN poll_count integer NOT NULL DEFAULT 0`);
    await q.query(`
      UPDATE orders o SET next_poll_at = p.next_poll_at, poll_count = p.poll_count
      FROM order_polls p WHERE p.order_id = o.id`);
    await q.query(
      `CREATE INDEX orders_due_poll_idx ON orders (next_poll_at) WHERE next_poll_at IS NOT NULL`,
    );
    await q.query(`DROP TABLE order_polls`);
  }
}
