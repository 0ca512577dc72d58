// PostgreSQL stopped and started under load. The service gets its database through
// DATABASE_URL; when this run started that server (embedded), it is really stopped and
// started again; when DATABASE_URL names a server we do not own, the database is made
// unreachable instead (connections refused and cut). Meanwhile shops create and read orders.
// Answers during the outage must be the contract's `503 DATABASE_UNAVAILABLE` with
// Retry-After (any other 5xx is counted), nothing may be lost, and once PostgreSQL is back
// every key's retry gets its one order, matching DOKU's ledger. With an embedded server the
// scenario starts its own (so other scenarios running meanwhile keep theirs). An order left
// CREATING by the outage (DOKU answered, the write failed) is resolved by the reconciler
// ~30 s later: the long mode waits for final answers, the short mode accepts the
// `409 REQUEST_IN_PROGRESS` that names it.
import pg from 'pg';
import { benchDatabase } from '../../lib/harness.mjs';
import { judgeCreatesAgainstLedger } from '../lib/ledger-check.mjs';
import { startStack, until } from '../lib/stack.mjs';
import { figures, key, orderBody, seeded, sleep } from '../lib/util.mjs';

/** A way to take the database away and give it back. */
function outageOf(db, dbUrl) {
  if (db.server) return { stop: () => db.server.stop(), start: () => db.server.start() };
  const name = new URL(dbUrl).pathname.slice(1);
  const admin = async (sql) => {
    const c = new pg.Client({ connectionString: db.admin });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  return {
    stop: async () => {
      await admin(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
      await admin(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`,
      );
    },
    start: () => admin(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`),
  };
}

export async function databaseOutage(run, { short }) {
  const f = figures('PostgreSQL stopped and started under load');
  const started = Date.now();
  const rng = seeded(run.seed + 3);
  const OUTAGES = short ? 1 : 3;
  const OUTAGE_MS = short ? 4_000 : 8_000;
  // Its own embedded server: stopping the run's would stop every other scenario's database.
  const own = run.db.server ? await benchDatabase('chaos_dbdown', { restartable: true }) : null;
  if (own) run.ownDatabases?.add(own);
  const db = own ?? run.db;
  const stack = await startStack({ ...run, db }, 'dbdown', {
    serviceEnv: { DOKU_TIMEOUT_MS: '2000' },
  });
  const outage = outageOf(db, stack.dbUrl);
  const creates = new Map(); // key -> { merchantReference, body, answers }
  const isFinal = (r) =>
    r &&
    (r.status === 201 ||
      r.status === 422 ||
      (r.status === 502 && /^GATEWAY_(OUTCOME_UNKNOWN|AUTH_FAILED)$/.test(r.body?.code)) ||
      (short && r.status === 409 && r.body?.details?.order?.status === 'CREATING'));
  let down = false;
  let duringOutage = 0;
  const judge = (r) => {
    f.operations++;
    if (!r || r.status < 500) return;
    const contract =
      r.status === 503 && r.body?.code === 'DATABASE_UNAVAILABLE' && r.headers.get('retry-after');
    const gatewayFinal = r.status === 502 && r.body?.code === 'GATEWAY_OUTCOME_UNKNOWN';
    if (!contract && !gatewayFinal) {
      f.fiveXx++;
      f.note(
        `${r.status} ${r.body?.code ?? r.text.slice(0, 60)}${r.headers.get('retry-after') ? '' : ' (no Retry-After)'}`,
      );
    }
  };
  const create = async (k) => {
    const c = creates.get(k);
    let r;
    try {
      r = await stack.api('POST', '/v1/orders', {
        body: c.body,
        headers: { 'Idempotency-Key': k },
        timeoutMs: 20_000,
      });
    } catch {
      r = null;
    }
    judge(r);
    const order = r?.status === 201 ? r.body : r?.body?.details?.order;
    if (order?.id)
      c.answers.push({
        status: r.status,
        code: r.body?.code,
        id: order.id,
        qrContent: order.qrContent ?? null,
      });
    if (isFinal(r)) c.final = true;
    return r;
  };
  try {
    await stack.start();
    let loading = true;
    let n = 0;
    const worker = async () => {
      while (loading) {
        const k = key('dbdown');
        const merchantReference = `INV-dbdown-${n++}`;
        creates.set(k, {
          merchantReference,
          body: orderBody(merchantReference, 10_000 * rng.int(1, 99)),
          answers: [],
        });
        const r = await create(k);
        if (down) duringOutage++;
        if (r?.status === 201) {
          judge(await stack.api('GET', `/v1/orders/${r.body.id}`).catch(() => null));
          judge(await stack.api('GET', '/v1/orders?limit=5').catch(() => null));
        }
        await sleep(50);
      }
    };
    const workers = Array.from({ length: 4 }, worker);
    for (let i = 0; i < OUTAGES; i++) {
      await sleep(2_000);
      down = true;
      await outage.stop();
      f.faults++;
      await sleep(OUTAGE_MS);
      await outage.start();
      down = false;
    }
    await sleep(2_000);
    loading = false;
    await Promise.all(workers);
    // Every shop retries its key until it has a final answer.
    await Promise.all(
      [...creates.keys()].map((k) =>
        until(
          async () => {
            if (creates.get(k).final) return true;
            const r = await create(k);
            if (r?.status === 409 && !short)
              await sleep(Number(r.headers.get('retry-after') ?? 1) * 500);
            return isFinal(r);
          },
          // A CREATING order DOKU never saw is FAILED once 2 minutes old (docs/reconciler.md).
          { ms: short ? 30_000 : 180_000, every: 500 },
        ),
      ),
    );
    const ours = await judgeCreatesAgainstLedger(f, stack, creates, { short });
    const creating = ours.orders.filter((o) => o.status === 'CREATING').length;
    f.note(
      `${OUTAGES} outage(s) of ${OUTAGE_MS / 1000} s (${db.server ? 'server stopped' : 'connections refused'}); ${creates.size} keys, ${duringOutage} creates answered during an outage${creating ? `; ${creating} still CREATING (answered 409)` : ''}`,
    );
  } finally {
    await stack.close();
    if (own) {
      run.ownDatabases?.delete(own);
      await own.drop().catch(() => {});
    }
    f.durationMs = Date.now() - started;
  }
  return f;
}
