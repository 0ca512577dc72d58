// kill -9 of the service while shops create orders (DOKU answering slowly, so calls are in
// flight), a restart, and every shop retrying with the same Idempotency-Key until it gets a
// final answer. Every key must end with one order (0 lost), every answer for a key must be
// that order with the same QR, and DOKU must hold at most one QR per order and none that no
// order of ours knows (0 duplicate QRs); the orders must match DOKU's ledger.
import { compareWithLedger, readOurRows } from '../lib/ledger-check.mjs';
import { startStack, until } from '../lib/stack.mjs';
import { figures, key, orderBody, seeded, sleep } from '../lib/util.mjs';

const isFinal = (r) =>
  r &&
  (r.status === 201 ||
    r.status === 422 ||
    (r.status === 502 && r.body?.code === 'GATEWAY_OUTCOME_UNKNOWN'));

export async function crashDuringCreates(run, { short }) {
  const f = figures('kill -9 during creates');
  const started = Date.now();
  const rng = seeded(run.seed + 1);
  const ROUNDS = short ? 1 : 4;
  const PER_ROUND = short ? 16 : 48;
  const stack = await startStack(run, 'crash', { serviceEnv: { DOKU_TIMEOUT_MS: '2000' } });
  const seen = new Map(); // key -> { body, answers: [{ id, qrContent }], final }
  const send = async (k) => {
    const s = seen.get(k);
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
    if (order?.id) s.answers.push({ id: order.id, qrContent: order.qrContent ?? null });
    if (isFinal(r)) s.final = r.status;
    return r;
  };
  try {
    await stack.start();
    await stack.setFault('generate', { latencyMs: 150, jitterMs: 400 });
    for (let round = 0; round < ROUNDS; round++) {
      const keys = Array.from({ length: PER_ROUND }, (_, i) => {
        const k = key(`crash${round}`);
        seen.set(k, {
          body: orderBody(`INV-crash-${round}-${i}`, 10_000 * rng.int(1, 99)),
          answers: [],
        });
        return k;
      });
      const inFlight = keys.map((k, i) => sleep(i * 15).then(() => send(k)));
      await sleep(rng.int(150, 600));
      await stack.kill();
      f.faults++;
      await Promise.all(inFlight);
      await stack.start();
      // Every shop retries its key until a final answer (409 while the outcome is unknown).
      await Promise.all(
        keys.map((k) =>
          until(
            async () => {
              if (seen.get(k).final) return true;
              const r = await send(k);
              if (r?.status === 409) await sleep(Number(r.headers.get('retry-after') ?? 1) * 500);
              return isFinal(r);
            },
            // A CREATING order DOKU never saw is FAILED once 2 minutes old (docs/reconciler.md).
            { ms: 180_000, every: 500 },
          ),
        ),
      );
    }
    await stack.clearFaults();

    const ours = await readOurRows(stack.dbUrl);
    const ledger = await stack.ledger();
    const ordersById = new Map(ours.orders.map((o) => [o.id, o]));
    for (const [k, s] of seen) {
      const ids = new Set(s.answers.map((a) => a.id));
      const qrs = new Set(s.answers.map((a) => a.qrContent).filter(Boolean));
      if (!s.final || ids.size === 0 || ![...ids].every((id) => ordersById.has(id))) {
        f.lost++;
        f.note(`key ${k}: no final answer with a stored order (${s.answers.length} answers)`);
      }
      if (ids.size > 1 || qrs.size > 1) {
        f.duplicate++;
        f.note(`key ${k}: ${ids.size} orders, ${qrs.size} QRs`);
      }
    }
    // DOKU's side: one QR per order of ours, none without one.
    const perRef = new Map();
    for (const t of ledger.transactions)
      perRef.set(t.partnerReferenceNo, (perRef.get(t.partnerReferenceNo) ?? 0) + 1);
    for (const [ref, n] of perRef)
      if (n > 1) {
        f.duplicate++;
        f.note(`${n} QRs at DOKU for partnerReferenceNo ${ref}`);
      }
    if (ours.orders.length !== seen.size) {
      f.duplicate += Math.max(0, ours.orders.length - seen.size);
      f.note(`${ours.orders.length} orders stored for ${seen.size} keys`);
    }
    const verdict = compareWithLedger(ours, ledger);
    f.wrong = verdict.wrong.length + verdict.unsettled.length;
    f.lost += verdict.lostQrs.length;
    for (const w of [...verdict.wrong, ...verdict.unsettled]) f.note(w);
    for (const t of verdict.lostQrs) f.note(`QR ${t.partnerReferenceNo} at DOKU has no order`);
    const statuses = {};
    for (const o of ours.orders) statuses[o.status] = (statuses[o.status] ?? 0) + 1;
    f.note(`${ROUNDS} kills, ${seen.size} keys; orders by status ${JSON.stringify(statuses)}`);
  } finally {
    await stack.close();
    f.durationMs = Date.now() - started;
  }
  return f;
}
