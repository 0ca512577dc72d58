import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The admin console (issue 15). `admin_sessions`: a signed-in admin key, stored by the
 * SHA-256 of the cookie's token (the token itself is never stored), with its CSRF token and
 * expiry; sign-out sets `ended_at`. `refund_approvals`: a refund above
 * REFUND_APPROVAL_THRESHOLD asked by one operator and approved (or rejected) by another
 * (maker-checker); the approved refund is an ordinary `refunds` row.
 */
export class AdminConsole1764000800000 implements MigrationInterface {
  name = 'AdminConsole1764000800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE admin_sessions (
        token_sha256 text PRIMARY KEY,
        key_id text NOT NULL,
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        ended_at timestamptz
      )`);
    await q.query(`CREATE INDEX admin_sessions_expires_idx ON admin_sessions (expires_at)`);
    await q.query(`
      CREATE TABLE refund_approvals (
        id text PRIMARY KEY,
        order_id text NOT NULL REFERENCES orders(id),
        amount bigint NOT NULL CHECK (amount > 0),
        currency text NOT NULL,
        reason text NOT NULL,
        status text NOT NULL CHECK (status IN ('AWAITING_APPROVAL','APPROVED','REJECTED','REFUSED')),
        requested_by text NOT NULL,
        decided_by text,
        decision_note text,
        refund_id text REFERENCES refunds(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz,
        CHECK (decided_by IS NULL OR decided_by <> requested_by)
      )`);
    await q.query(
      `CREATE INDEX refund_approvals_awaiting_idx ON refund_approvals (created_at) WHERE status = 'AWAITING_APPROVAL'`,
    );
    await q.query(`CREATE INDEX refund_approvals_order_idx ON refund_approvals (order_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE refund_approvals`);
    await q.query(`DROP TABLE admin_sessions`);
  }
}
