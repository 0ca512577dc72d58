import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Refunds (child rows of an order: the refunded total is derived from them, never a counter)
 * and QRIS payments made for other services (qr-mpm-payment, b2b2c) with their audit trail.
 * Money is bigint minor units (IDR sen); statuses have CHECK constraints.
 */
export class RefundsQrisPayments1764000400000 implements MigrationInterface {
  name = 'RefundsQrisPayments1764000400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE refunds (
        id text PRIMARY KEY CHECK (id ~ '^rfd_[0-9a-z]{20,32}$'),
        order_id text NOT NULL REFERENCES orders(id),
        amount bigint NOT NULL CHECK (amount > 0),
        currency text NOT NULL CHECK (currency IN ('IDR')),
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 256),
        status text NOT NULL CHECK (status IN ('PENDING','SUCCEEDED','FAILED','UNKNOWN')),
        -- DOKU's idempotency key for the refund: the same number again is the same refund.
        partner_refund_no text NOT NULL UNIQUE CHECK (partner_refund_no = id),
        -- X-EXTERNAL-ID of the current request; a retry the same Jakarta day repeats it.
        external_id text CHECK (external_id ~ '^[0-9]{1,36}$'),
        doku_refund_no text,
        failure_code text,
        failure_message text,
        last_outcome text,
        actor text NOT NULL,
        idempotency_key text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        refunded_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (status <> 'FAILED' OR failure_code IS NOT NULL),
        CHECK (status IN ('PENDING','UNKNOWN') OR next_attempt_at IS NULL)
      )`);
    await q.query(`CREATE INDEX refunds_order_idx ON refunds (order_id, created_at, id)`);
    // The retry sweep reads only refunds still waiting for DOKU's answer.
    await q.query(
      `CREATE INDEX refunds_due_idx ON refunds (next_attempt_at) WHERE status IN ('PENDING','UNKNOWN')`,
    );

    await q.query(`
      CREATE TABLE qris_payments (
        id text PRIMARY KEY CHECK (id ~ '^qrp_[0-9a-z]{20,32}$'),
        shop_key_id text NOT NULL,
        idempotency_key text NOT NULL,
        partner_reference_no text NOT NULL UNIQUE CHECK (partner_reference_no ~ '^[0-9a-f]{32}$'),
        external_id text NOT NULL CHECK (external_id ~ '^[0-9]{1,36}$'),
        qr_content text NOT NULL CHECK (length(qr_content) BETWEEN 1 AND 512),
        merchant_name text,
        amount bigint NOT NULL CHECK (amount > 0),
        fee_amount bigint CHECK (fee_amount >= 0),
        currency text NOT NULL CHECK (currency IN ('IDR')),
        status text NOT NULL CHECK (status IN ('PENDING','SUCCEEDED','FAILED','UNKNOWN')),
        reference_no text,
        approval_code text,
        failure_code text,
        failure_message text,
        last_outcome text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        CHECK (status <> 'FAILED' OR failure_code IS NOT NULL)
      )`);
    await q.query(
      `CREATE INDEX qris_payments_created_idx ON qris_payments (created_at DESC, id DESC)`,
    );

    await q.query(`
      CREATE TABLE qris_payment_events (
        id bigserial PRIMARY KEY,
        payment_id text NOT NULL REFERENCES qris_payments(id),
        type text NOT NULL,
        from_status text,
        to_status text,
        actor text NOT NULL,
        details jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX qris_payment_events_payment_idx ON qris_payment_events (payment_id, id)`,
    );
    await q.query(`
      CREATE FUNCTION qris_payment_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'qris_payment_events is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER qris_payment_events_no_update BEFORE UPDATE OR DELETE ON qris_payment_events
      FOR EACH ROW EXECUTE FUNCTION qris_payment_events_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE qris_payment_events');
    await q.query('DROP FUNCTION qris_payment_events_append_only()');
    await q.query('DROP TABLE qris_payments');
    await q.query('DROP TABLE refunds');
  }
}
