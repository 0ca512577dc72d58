// kill -9 of the service while shops create orders (DOKU answering slowly, so calls are in
// flight), a restart, and every shop retrying with the same Idempotency-Key. Every key must
// have exactly one stored order (0 lost, 0 duplicate), every answer for a key must name that
// order and its one QR, and every QR at DOKU must belong to exactly one order of ours.
//
// Long mode waits for final answers (201, 422, 502 GATEWAY_OUTCOME_UNKNOWN): a CREATING
// order DOKU never saw is FAILED by the reconciler once 2 minutes old (docs/reconciler.md),
// so the shops retry for up to 180 s, and the orders must then match DOKU's ledger. Short
// mode stops at the first answer that names the stored order: 201, a final 502/422, or
// `409 REQUEST_IN_PROGRESS` with the CREATING order (its resolution is the long mode's).
import { judgeCreatesAgainstLedger } from '../lib/ledger-check.mjs';
import { startStack, until } from '../lib/stack.mjs';
import { figures, key, orderBody, seeded, sleep, sqlClient } from '../lib/util.mjs';

export async function crashDuringCreates(run, { short }) {
  const f = figures('kill -9 during creates');
  const started = Date.now();
  const rng = seeded(run.seed + 1);
  const ROUNDS = short ? 1 : 4;
  const PER_ROUND = short ? 16 : 48;
  const stack = await startStack(run, 'crash', { serviceEnv: { DOKU_TIMEOUT_MS: '2000' } });
  const db = sqlClient(stack.dbUrl, f);
  const keys = new Map(); // key -> { merchantReference, body, answers }
  const answered = (s) => {
    const last = s.answers.at(-1);
    if (!last) return false;
    if (last.status === 201 || last.status === 422) return true;
    if (last.status === 502 && /^GATEWAY_(OUTCOME_UNKNOWN|AUTH_FAILED)$/.test(last.code))
      return true;
    return !short ? false : last.status === 409 && last.code === 'REQUEST_IN_PROGRESS';
  };
  const send = async (k) => {
    const s = keys.get(k);
    let r;
    try {
      r = await stack.api('POST', '/v1/orders', {
        body: s.body,
        headers: { 'Idempotency-Key': k },
        timeoutMs: 15_000,
      });
    } catch {
      r = null; // the process died under the request: the shop retries
    }
    // 5xx are expected here only as the contract's gateway answers; a 500 is a bug.
    f.countAnswer(r, { gatewayFaults: true });
    const order = r?.status === 201 ? r.body : r?.body?.details?.order;
    if (order?.id)
      s.answers.push({
        status: r.status,
        code: r.body?.code,
        id: order.id,
        qrContent: order.qrContent ?? null,
      });
    return r;
  };
  try {
    await db.connect();
    await stack.start();
    await stack.setFault('generate', { latencyMs: 300, jitterMs: 600 });
    for (let round = 0; round < ROUNDS; round++) {
      const batch = Array.from({ length: PER_ROUND }, (_, i) => {
        const k = key(`crash${round}`);
        const merchantReference = `INV-crash-${round}-${i}`;
        keys.set(k, {
          merchantReference,
          body: orderBody(merchantReference, 10_000 * rng.int(1, 99)),
          answers: [],
        });
        return k;
      });
      const inFlight = batch.map((k, i) => sleep(i * 20).then(() => send(k)));
      // The kill lands while about a third of the creates wait for DOKU (CREATING rows).
      await until(
        async () =>
          (
            await db.query(
              `SELECT count(*)::int AS n FROM orders WHERE status = 'CREATING' AND merchant_reference LIKE $1`,
              [`INV-crash-${round}-%`],
            )
          ).rows[0].n >= Math.ceil(PER_ROUND / 3),
        { ms: 20_000, every: 20 },
      );
      await stack.kill();
      f.faults++;
      await Promise.all(inFlight);
      await stack.start();
      // Every shop retries its key until an answer (409 while the outcome is unknown).
      await Promise.all(
        batch.map((k) =>
          until(
            async () => {
              if (answered(keys.get(k))) return true;
              const r = await send(k);
              if (r?.status === 409 && !short)
                await sleep(Number(r.headers.get('retry-after') ?? 1) * 500);
              return answered(keys.get(k));
            },
            // Long: a CREATING order DOKU never saw is FAILED once 2 minutes old.
            { ms: short ? 30_000 : 180_000, every: 500 },
          ),
        ),
      );
    }
    await stack.clearFaults();

    const ours = await judgeCreatesAgainstLedger(f, stack, keys, { short });
    const statuses = {};
    for (const o of ours.orders) statuses[o.status] = (statuses[o.status] ?? 0) + 1;
    f.note(`${ROUNDS} kill(s), ${keys.size} keys; orders by status ${JSON.stringify(statuses)}`);
  } finally {
    await db.end().catch(() => {});
    await stack.close();
    f.durationMs = Date.now() - started;
  }
  return f;
}
