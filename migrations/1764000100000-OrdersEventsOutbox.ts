import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Orders, their append-only audit trail, idempotency records, the webhook outbox and the
 * shared DOKU token. Money is bigint minor units (IDR sen); statuses have CHECK constraints.
 */
export class OrdersEventsOutbox1764000100000 implements MigrationInterface {
  name = 'OrdersEventsOutbox1764000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE orders (
        id text PRIMARY KEY CHECK (id ~ '^ord_[0-9a-z]{20,32}$'),
        merchant_reference text NOT NULL CHECK (length(merchant_reference) BETWEEN 1 AND 64),
        shop_key_id text NOT NULL,
        amount bigint NOT NULL CHECK (amount > 0),
        fee_amount bigint NOT NULL DEFAULT 0 CHECK (fee_amount >= 0),
        currency text NOT NULL CHECK (currency IN ('IDR')),
        status text NOT NULL CHECK (status IN ('CREATING','PENDING','PAID','FAILED','EXPIRED','CANCELLED','PARTIALLY_REFUNDED','REFUNDED')),
        flags text[] NOT NULL DEFAULT '{}' CHECK (flags <@ ARRAY['AMOUNT_MISMATCH','PAID_AFTER_EXPIRY','STATUS_DISAGREEMENT']::text[]),
        partner_reference_no text NOT NULL UNIQUE CHECK (partner_reference_no ~ '^[0-9a-f]{32}$'),
        reference_no text,
        qr_content text,
        terminal_id text NOT NULL CHECK (terminal_id ~ '^[A-Za-z0-9]{3,16}$'),
        description text CHECK (length(description) <= 255),
        metadata jsonb,
        expires_at timestamptz NOT NULL,
        failure_code text,
        failure_message text,
        paid_at timestamptz,
        paid_amount bigint CHECK (paid_amount >= 0),
        approval_code text,
        issuer_id text,
        issuer_name text,
        customer_name text,
        next_poll_at timestamptz,
        poll_count integer NOT NULL DEFAULT 0,
        event_seq integer NOT NULL DEFAULT 0,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (status NOT IN ('PAID','PARTIALLY_REFUNDED','REFUNDED') OR (paid_at IS NOT NULL AND paid_amount IS NOT NULL))
      )`);
    // The reconciler's claim reads only orders that still need a poll: its cost follows the
    // number of due orders, not the size of the table.
    await q.query(
      `CREATE INDEX orders_due_poll_idx ON orders (next_poll_at) WHERE next_poll_at IS NOT NULL`,
    );
    await q.query(`CREATE INDEX orders_merchant_reference_idx ON orders (merchant_reference)`);
    await q.query(`CREATE INDEX orders_created_idx ON orders (created_at DESC, id DESC)`);
    await q.query(
      `CREATE INDEX orders_status_created_idx ON orders (status, created_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX orders_reference_no_idx ON orders (reference_no) WHERE reference_no IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX orders_flagged_idx ON orders (created_at DESC) WHERE cardinality(flags) > 0`,
    );

    await q.query(`
      CREATE TABLE order_events (
        id bigserial PRIMARY KEY,
        order_id text NOT NULL REFERENCES orders(id),
        type text NOT NULL,
        from_status text,
        to_status text,
        source text NOT NULL CHECK (source IN ('api','notification','reconciler','admin')),
        actor text NOT NULL,
        evidence_digest text,
        details jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX order_events_order_idx ON order_events (order_id, id)`);
    // The audit trail is append-only: the database refuses to change or delete it.
    await q.query(`
      CREATE FUNCTION order_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'order_events is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER order_events_no_update BEFORE UPDATE OR DELETE ON order_events
      FOR EACH ROW EXECUTE FUNCTION order_events_append_only()`);

    // One row per (scope, key): the request's hash and, once known, the answer to replay.
    await q.query(`
      CREATE TABLE idempotency_keys (
        scope text NOT NULL,
        key text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
        request_hash text NOT NULL,
        resource_id text,
        response_status integer,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        PRIMARY KEY (scope, key)
      )`);

    await q.query(`
      CREATE TABLE webhook_events (
        id text PRIMARY KEY,
        order_id text NOT NULL REFERENCES orders(id),
        type text NOT NULL,
        sequence integer NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (order_id, sequence)
      )`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id text PRIMARY KEY,
        event_id text NOT NULL REFERENCES webhook_events(id),
        url text NOT NULL,
        status text NOT NULL CHECK (status IN ('PENDING','SUCCEEDED','DEAD')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        last_status_code integer,
        last_error text,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'PENDING'`,
    );
    await q.query(`CREATE INDEX webhook_deliveries_event_idx ON webhook_deliveries (event_id)`);
    await q.query(`
      CREATE TABLE webhook_attempts (
        id bigserial PRIMARY KEY,
        delivery_id text NOT NULL REFERENCES webhook_deliveries(id),
        attempt integer NOT NULL,
        status_code integer,
        error text,
        duration_ms integer NOT NULL,
        attempted_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (delivery_id, id)`,
    );

    // The B2B token shared by all replicas (one fetch serves them all).
    await q.query(`
      CREATE TABLE doku_tokens (
        key text PRIMARY KEY,
        access_token text NOT NULL,
        expires_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE doku_tokens');
    await q.query('DROP TABLE webhook_attempts');
    await q.query('DROP TABLE webhook_deliveries');
    await q.query('DROP TABLE webhook_events');
    await q.query('DROP TABLE idempotency_keys');
    await q.query('DROP TABLE order_events');
    await q.query('DROP FUNCTION order_events_append_only()');
    await q.query('DROP TABLE orders');
  }
}
