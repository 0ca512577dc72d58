// PostgreSQL stopped and started under load. The service gets its database through
// DATABASE_URL; when this run started that server (embedded), it is really stopped and
// started again; when DATABASE_URL names a server we do not own, the database is made
// unreachable instead (connections refused and cut). Meanwhile shops create and read orders.
// Answers during the outage must be the contract's `503 DATABASE_UNAVAILABLE` with
// Retry-After (any other 5xx is counted), nothing may be lost, and once PostgreSQL is back
// every key's retry gets its one order, matching DOKU's ledger.
import pg from 'pg';
import { compareWithLedger, readOurRows } from '../lib/ledger-check.mjs';
import { startStack, until } from '../lib/stack.mjs';
import { figures, key, orderBody, seeded, sleep } from '../lib/util.mjs';

const isFinal = (r) =>
  r &&
  (r.status === 201 ||
    r.status === 422 ||
    (r.status === 502 && r.body?.code === 'GATEWAY_OUTCOME_UNKNOWN'));

/** A way to take the database away and give it back. */
function outageOf(run, dbUrl) {
  if (run.db.server)
    return { stop: () => run.db.server.stop(), start: () => run.db.server.start() };
  const name = new URL(dbUrl).pathname.slice(1);
  const admin = async (sql) => {
    const c = new pg.Client({ connectionString: run.db.admin });
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
  const stack = await startStack(run, 'dbdown', { serviceEnv: { DOKU_TIMEOUT_MS: '2000' } });
  const outage = outageOf(run, stack.dbUrl);
  const creates = new Map(); // key -> { body, ids: Set, final }
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
    if (order?.id) c.ids.add(order.id);
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
        creates.set(k, {
          body: orderBody(`INV-dbdown-${n++}`, 10_000 * rng.int(1, 99)),
          ids: new Set(),
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
            if (r?.status === 409) await sleep(Number(r.headers.get('retry-after') ?? 1) * 500);
            return isFinal(r);
          },
          // A CREATING order DOKU never saw is FAILED once 2 minutes old (docs/reconciler.md).
          { ms: 180_000, every: 500 },
        ),
      ),
    );
    const ours = await readOurRows(stack.dbUrl);
    const stored = new Set(ours.orders.map((o) => o.id));
    for (const [k, c] of creates) {
      if (!c.final || ![...c.ids].every((id) => stored.has(id)) || c.ids.size === 0) {
        f.lost++;
        f.note(`key ${k}: no final answer with a stored order`);
      }
      if (c.ids.size > 1) {
        f.duplicate++;
        f.note(`key ${k}: ${c.ids.size} orders`);
      }
    }
    if (ours.orders.length > creates.size) f.duplicate += ours.orders.length - creates.size;
    const verdict = compareWithLedger(ours, await stack.ledger());
    f.wrong = verdict.wrong.length + verdict.unsettled.length;
    f.lost += verdict.lostQrs.length;
    for (const w of [...verdict.wrong, ...verdict.unsettled]) f.note(w);
    f.note(
      `${OUTAGES} outage(s) of ${OUTAGE_MS / 1000} s (${run.db.server ? 'server stopped' : 'connections refused'}); ${creates.size} keys, ${duringOutage} creates answered during an outage`,
    );
  } finally {
    await stack.close();
    f.durationMs = Date.now() - started;
  }
  return f;
}
