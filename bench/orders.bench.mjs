// Create-order throughput and latency, side by side in one run with:
//   (a) the SQL an order needs, run straight through `pg` (the database's ceiling), and
//   (b) the DOKU simulator's generate called directly through our SNAP client.
// The service, the simulator and PostgreSQL each run as their own process, as deployed.
//
//   npm run bench:orders                       (builds dist/ first; embedded PostgreSQL)
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:orders
//   node bench/orders.bench.mjs --seconds 5 --concurrency 1,8,32
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { DokuSnapClient } from '../dist/libs/doku-snap/src/index.js';
import {
  benchDatabase,
  fmt,
  freePort,
  load,
  startProcess,
  startSimulatorProcess,
} from './lib/harness.mjs';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '1,8,32' },
  },
});
const SECONDS = Number(args.seconds);
const LEVELS = args.concurrency.split(',').map(Number);
const SERVICE_KEY = `sk_bench_${randomBytes(16).toString('hex')}`;

const db = await benchDatabase('orders');
const sim = await startSimulatorProcess();
const port = await freePort();
const service = await startProcess(
  'dist/apps/payment-service/src/main.js',
  {
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: db.url,
    DATABASE_POOL_SIZE: '20',
    DOKU_BASE_URL: sim.url,
    DOKU_CLIENT_ID_FILE: sim.files.clientId,
    DOKU_CLIENT_SECRET_FILE: sim.files.clientSecret,
    DOKU_PRIVATE_KEY_FILE: sim.files.merchantPrivateKey,
    DOKU_PUBLIC_KEY_FILE: sim.files.dokuPublicKey,
    DOKU_MERCHANT_ID: '2115',
    SERVICE_API_KEYS: `bench:${SERVICE_KEY}`,
    ADMIN_API_KEYS: `admin:ak_bench_${randomBytes(16).toString('hex')}`,
    RECONCILER_ENABLED: 'false',
    LOG_LEVEL: 'warn',
    HTTP_ACCESS_LOG: 'false',
  },
  /ready in/,
);
const base = `http://127.0.0.1:${port}`;

// (a) The statements one order costs, exactly as the service sends them: the claim of the
// Idempotency-Key + CREATING row + event in one statement, then the transition to PENDING
// (guarded UPDATE, its event, the outbox rows, the answer to replay) in another.
const pool = new pg.Pool({ connectionString: db.url, max: 40 });
const sqlOrder = async () => {
  const id = `ord_${randomBytes(12).toString('hex').slice(0, 24)}`;
  const key = randomUUID();
  const c = await pool.connect();
  try {
    await c.query(
      `WITH k AS (INSERT INTO idempotency_keys (scope, key, request_hash, resource_id) VALUES ('bench', $2, 'h', $1) ON CONFLICT (scope, key) DO NOTHING RETURNING key),
       o AS (INSERT INTO orders (id, merchant_reference, shop_key_id, amount, currency, status, partner_reference_no, terminal_id, expires_at, next_poll_at)
             SELECT $1, 'INV', 'bench', 100000, 'IDR', 'CREATING', $3, 'A01', now() + interval '15 min', now() + interval '30 s' WHERE EXISTS (SELECT 1 FROM k) RETURNING *),
       e AS (INSERT INTO order_events (order_id, type, to_status, source, actor, details) SELECT o.id, 'order.created', 'CREATING', 'api', 'bench', '{}' FROM o)
       SELECT * FROM o`,
      [id, key, randomBytes(16).toString('hex')],
    );
    // The transition as OrderTransitions writes it: one statement guarded on the version.
    await c.query(
      `WITH u AS (UPDATE orders SET status = 'PENDING', flags = '{}'::text[], qr_content = 'x', reference_no = 'r', next_poll_at = now() + interval '5 s', event_seq = 1, version = 2, updated_at = now() WHERE id = $1 AND version = 1 RETURNING *),
       e AS (INSERT INTO order_events (order_id, type, from_status, to_status, source, actor, evidence_digest, details) SELECT u.id, 'order.qr_issued', 'CREATING', u.status, 'api', 'bench', 'd', '{}'::jsonb FROM u),
       w0 AS (INSERT INTO webhook_events (id, order_id, type, sequence, payload) SELECT $2, $1, 'order.pending', 1, '{}'::jsonb WHERE EXISTS (SELECT 1 FROM u) RETURNING id),
       w0_d AS (INSERT INTO webhook_deliveries (id, event_id, url, status, next_attempt_at) SELECT $3, w0.id, $4, 'PENDING', now() FROM w0 WHERE $4::text IS NOT NULL),
       x AS (UPDATE idempotency_keys SET response_status = 201, response_body = '{}', completed_at = now() WHERE scope = 'bench' AND key = $5 AND response_status IS NULL AND EXISTS (SELECT 1 FROM u))
       SELECT * FROM u`,
      [
        id,
        `evt_${randomBytes(12).toString('hex')}`,
        `whd_${randomBytes(12).toString('hex')}`,
        null,
        key,
      ],
    );
  } finally {
    c.release();
  }
};

// (b) DOKU's generate, straight to the simulator through the same client the service uses.
const client = new DokuSnapClient({ baseUrl: sim.url, ...sim.credentials });
const directGenerate = async () => {
  const o = await client.generateQr({
    partnerReferenceNo: randomBytes(16).toString('hex'),
    amountMinor: 100000,
    terminalId: 'A01',
    validUntil: new Date(Date.now() + 900_000),
  });
  if (o.kind !== 'success') throw new Error(o.kind);
};

// The service: POST /v1/orders, a new Idempotency-Key each time.
const body = JSON.stringify({ merchantReference: 'INV-bench', amount: 100000, currency: 'IDR' });
const createOrder = async () => {
  const res = await fetch(`${base}/v1/orders`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${SERVICE_KEY}`,
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
    },
    body,
  });
  await res.arrayBuffer();
  if (res.status !== 201) throw new Error(String(res.status));
};

// Warm up every path (JIT, pools, the B2B token).
await load(sqlOrder, { seconds: 1, concurrency: 4 });
await load(directGenerate, { seconds: 1, concurrency: 4 });
await load(createOrder, { seconds: 1, concurrency: 4 });

console.log(
  `\nCreate order, ${SECONDS} s per cell, closed loop (${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PostgreSQL'})\n`,
);
let best = { service: 0, sql: 0 };
for (const c of LEVELS) {
  const sql = await load(sqlOrder, { seconds: SECONDS, concurrency: c });
  const direct = await load(directGenerate, { seconds: SECONDS, concurrency: c });
  const svc = await load(createOrder, { seconds: SECONDS, concurrency: c });
  best = { service: Math.max(best.service, svc.perSecond), sql: Math.max(best.sql, sql.perSecond) };
  console.log(`concurrency ${String(c).padStart(3)}`);
  console.log(`  SQL only (pg)        ${fmt(sql)}`);
  console.log(`  simulator generate   ${fmt(direct)}`);
  console.log(
    `  service POST /orders ${fmt(svc)}   = ${(svc.perSecond / sql.perSecond).toFixed(2)}x SQL-only throughput`,
  );
}

// Latency added by the service at half its maximum load (open loop, same rate for both).
const rate = Math.max(1, Math.floor(best.service / 2));
const directHalf = await load(directGenerate, { seconds: SECONDS, rate });
const svcHalf = await load(createOrder, { seconds: SECONDS, rate });
console.log(`\nAt half the service's maximum (${rate}/s, open loop)`);
console.log(`  simulator generate   ${fmt(directHalf)}`);
console.log(`  service POST /orders ${fmt(svcHalf)}`);
console.log(`\nResults`);
console.log(
  `  throughput: best service ${best.service.toFixed(0)}/s vs best SQL-only ${best.sql.toFixed(0)}/s = ${(best.service / best.sql).toFixed(2)}x (goal >= 0.6x)`,
);
console.log(
  `  p99 added by the service at half load: ${(svcHalf.p99 - directHalf.p99).toFixed(1)} ms (goal <= 5 ms)`,
);

client.close();
await pool.end();
await service.stop();
await sim.stop();
await db.drop();
