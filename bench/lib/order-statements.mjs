// The two statements one order costs, as the service sends them, with values of the same
// shape and size (the order view in the webhook payload and in the answer kept for replay).
// First the claim of the Idempotency-Key + the CREATING row + its event + its first poll: the
// service's own text (INSERT_CREATING_SQL). Then, once the QR is known, the transition to
// PENDING (guarded UPDATE on the version, its event, the outbox rows, the next poll, the
// answer to replay): OrderTransitions builds that one per change, so this is a copy of the
// shape it takes for QR_ISSUED, and bench:orders counts the rows both sides write per order
// so that a copy that drifted would show. Used by the SQL-only baseline (the QR is a sample)
// and by the bare server (the QR comes from DOKU).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { newId } from '../../dist/apps/payment-service/src/common/ids.js';
import { INSERT_CREATING_SQL } from '../../dist/apps/payment-service/src/orders/orders.repository.js';
import { presentOrder } from '../../dist/apps/payment-service/src/orders/order.presenter.js';

// As the service sends them: named prepared statements (parsed and planned once per
// connection; database/sql.ts `prepared`).
const named = (text) => ({ name: `bench_${createHash('sha1').update(text).digest('hex')}`, text });

/** Writes one order; `issueQr(createdRow)` supplies the QR between the two statements. */
export async function writeOrder(pool, { reference, requestBody, issueQr }) {
  const id = newId('ord');
  const key = randomUUID();
  const now = new Date();
  const {
    rows: [created],
  } = await pool.query(named(INSERT_CREATING_SQL), [
    id,
    reference,
    'bench',
    '100000',
    'IDR',
    randomBytes(16).toString('hex'),
    'A01',
    null,
    null,
    new Date(now.getTime() + 900_000),
    new Date(now.getTime() + 30_000),
    'orders.create',
    key,
    createHash('sha256').update(requestBody).digest('hex'),
    { idempotencyKey: key },
  ]);
  const qr = await issueQr(created);
  const updated = new Date();
  const view = presentOrder({
    ...created,
    amount: Number(created.amount),
    status: 'PENDING',
    qr_content: qr,
    reference_no: created.partner_reference_no,
    updated_at: updated,
  });
  const eventId = newId('evt');
  // The transition as OrderTransitions writes it: one statement guarded on the version.
  await pool.query(
    named(`WITH u AS (
         UPDATE orders SET status = $4, flags = $5::text[],
           reference_no = $1, qr_content = $2,
           event_seq = $6, version = $7, updated_at = $8
         WHERE id = $9 AND version = $10 RETURNING *),
       e AS (
         INSERT INTO order_events (order_id, type, from_status, to_status, source, actor, evidence_digest, details)
         SELECT u.id, $11, $12, u.status, $13, $14, $15, $16::jsonb FROM u),
       w0 AS (
         INSERT INTO webhook_events (id, order_id, type, sequence, payload)
         SELECT $18, $19, $20, $21::int, $22::jsonb
         WHERE EXISTS (SELECT 1 FROM u) RETURNING id),
       w0_d AS (
         INSERT INTO webhook_deliveries (id, event_id, url, status, next_attempt_at)
         SELECT $23, w0.id, $17, 'PENDING', now() FROM w0 WHERE $17::text IS NOT NULL),
       np AS (
         INSERT INTO order_polls (order_id, next_poll_at)
         SELECT $9::text, $3::timestamptz WHERE EXISTS (SELECT 1 FROM u)
         ON CONFLICT (order_id) DO UPDATE SET next_poll_at = EXCLUDED.next_poll_at),
       x AS (UPDATE idempotency_keys SET response_status = $24::int, response_body = $25::jsonb, completed_at = now()
         WHERE scope = $26 AND key = $27 AND response_status IS NULL AND EXISTS (SELECT 1 FROM u))
       SELECT * FROM u`),
    [
      view.doku.referenceNo,
      qr,
      new Date(updated.getTime() + 5_000),
      'PENDING',
      [],
      1,
      2,
      updated,
      id,
      1,
      'order.qr_issued',
      'CREATING',
      'api',
      'bench',
      createHash('sha256').update(eventId).digest('hex'),
      null,
      null,
      eventId,
      id,
      'order.pending',
      1,
      JSON.stringify({
        id: eventId,
        type: 'order.pending',
        timestamp: updated.toISOString(),
        data: { ...view, sequence: 1 },
      }),
      newId('whd'),
      201,
      JSON.stringify(view),
      'orders.create',
      key,
    ],
  );
  return view;
}
