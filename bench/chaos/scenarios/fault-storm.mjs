// Fault storm: every DOKU endpoint (tokens, generate, query, refund, decode, cancel, payment)
// and the notifications get a new seeded fault rule every second (timeouts, 5xx, 401, 429,
// malformed answers, each also after DOKU acted) while shops create orders, customers pay
// (at DOKU, or through our QRIS payment route), admins cancel and refund. Then the faults stop,
// the shop retries what it never got an answer to, and every order, refund and payment must
// come to DOKU's ledger's truth within the time limit: 0 wrong. Short mode: 16 orders in at
// most 25 s of storm, and an order still CREATING (a generate DOKU may never have seen: the
// reconciler fails it once 2 minutes old) counts as answered once the shop's retry gets
// `409 REQUEST_IN_PROGRESS` naming it; the long mode waits for its final answer.
import { randomUUID } from 'node:crypto';
import {
  compareWithLedger,
  explainOrders,
  readOurRows,
  settledFindings,
} from '../lib/ledger-check.mjs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { remember, startStack, until } from '../lib/stack.mjs';
import { figures, key, orderBody, seeded, sleep, sumCounter } from '../lib/util.mjs';

const ENDPOINTS = [
  'tokenB2b',
  'tokenB2b2c',
  'generate',
  'query',
  'refund',
  'decode',
  'cancel',
  'payment',
];

/** The fault kinds of the storm; rates are per request. */
const PROFILES = [
  { errorRate: 0.4, errorStatus: 500 },
  { errorRate: 0.4, errorStatus: 503 },
  { errorRate: 0.4, errorStatus: 401 },
  { errorRate: 0.4, errorStatus: 429 },
  { timeoutRate: 0.3 },
  { malformedRate: 0.4 },
  { timeoutRate: 0.4, afterProcessing: true },
  { malformedRate: 0.4, afterProcessing: true },
  { errorRate: 0.4, errorStatus: 500, afterProcessing: true },
  { latencyMs: 200, jitterMs: 400 },
  {},
];
const NOTIFICATION_PROFILES = [
  { dropRate: 0.5 },
  { duplicateRate: 0.5 },
  { delayMs: 300, reorder: true },
  { badSignatureRate: 0.3 },
  {},
];

/** A fresh customer credential, one the logs must never show. */
const authCode = () => {
  const code = `auth-${randomUUID()}`;
  remember('customer authCode', code);
  return code;
};

export async function faultStorm(run, { short }) {
  const f = figures('fault storm vs ledger');
  const started = Date.now();
  const rng = seeded(run.seed);
  const ORDERS = short ? 16 : 160;
  const WORKERS = 4;
  const STORM_MS = short ? 25_000 : 240_000;
  const SETTLE_MS = short ? 60_000 : 240_000;
  // At least this long for the final comparison after the shop's last replay: a dense poll
  // (60 s at most) plus the query and the rate limit, should a notification be lost.
  const VERDICT_MIN_MS = short ? 30_000 : 90_000;
  const stack = await startStack(run, 'storm', {
    serviceEnv: { DOKU_TIMEOUT_MS: '1500', RECONCILER_INTERVAL_MS: '1000' },
    simulatorEnv: { SIMULATOR_RETRY_TIME_FACTOR: '0.001' },
  });
  try {
    await stack.start();
    const api = async (method, path, opts) => {
      let res;
      try {
        res = await stack.api(method, path, { timeoutMs: 20_000, ...opts });
      } catch {
        res = null; // transport failure: the shop retries with the same key
      }
      f.countAnswer(res, { gatewayFaults: true });
      return res;
    };

    // --- The storm: a new rule per endpoint every second ---------------------------------
    const stormStarted = Date.now();
    let storming = true;
    let rules = 0;
    const storm = (async () => {
      while (storming) {
        for (const e of ENDPOINTS) {
          await stack.setFault(e, rng.pick(PROFILES));
          rules++;
        }
        await stack.simulator('PUT', '/faults/notifications', rng.pick(NOTIFICATION_PROFILES));
        await sleep(1000);
      }
    })();

    // --- Shops, customers and admins ------------------------------------------------------
    const creates = []; // { key, body, order? }
    const paymentsToReplay = []; // { key, body }
    let next = 0;
    const refundOrder = async (order) => {
      const paid = await until(
        async () => {
          const r = await api('GET', `/v1/orders/${order.id}`);
          return r?.body && ['PAID', 'PARTIALLY_REFUNDED'].includes(r.body.status) && r.body;
        },
        { ms: 15_000, every: 500 },
      );
      if (!paid) return;
      for (const share of [0.4, 0.3]) {
        const k = key('refund');
        const body = { amount: Math.floor(order.amount * share), reason: 'chaos refund' };
        for (let attempt = 0; attempt < 5; attempt++) {
          const r = await api('POST', `/admin/v1/orders/${order.id}/refunds`, {
            admin: true,
            body,
            headers: { 'Idempotency-Key': k },
          });
          if (r && r.status < 500 && r.status !== 409) break;
          await sleep(300);
        }
      }
    };
    const worker = async () => {
      while (next < ORDERS && Date.now() - stormStarted < STORM_MS) {
        const i = next++;
        const amount = 10_000 * rng.int(1, 50);
        const c = { key: key('order'), body: orderBody(`INV-storm-${i}`, amount) };
        creates.push(c);
        const r = await api('POST', '/v1/orders', {
          body: c.body,
          headers: { 'Idempotency-Key': c.key },
        });
        if (r?.status !== 201) continue; // resolved after the storm, with the same key
        const order = r.body;
        c.order = order;
        const action = rng.pick(['pay', 'pay', 'pay-api', 'pay-api', 'cancel', 'none']);
        if (action === 'pay') {
          await stack.simulator('POST', `/qris/${order.doku.referenceNo}/pay`, {});
          f.operations++;
          await refundOrder(order);
        } else if (action === 'pay-api') {
          const p = { key: key('pay'), body: { qrContent: order.qrContent } };
          const res = await api('POST', '/v1/qris/payments', {
            body: { ...p.body, authCode: authCode() },
            headers: { 'Idempotency-Key': p.key },
          });
          if (res?.status === 201) await refundOrder(order);
          else paymentsToReplay.push(p);
        } else if (action === 'cancel') {
          await api('POST', `/v1/orders/${order.id}/cancel`);
        }
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));
    storming = false;
    await storm;
    await stack.clearFaults();

    // --- After the storm: what a shop does, then DOKU's truth ------------------------------
    const deadline = Date.now() + SETTLE_MS;
    // Every create the shop got no final answer to is retried with the same key.
    for (const c of creates.filter((c) => !c.order)) {
      await until(
        async () => {
          const r = await api('POST', '/v1/orders', {
            body: c.body,
            headers: { 'Idempotency-Key': c.key },
          });
          if (r && [201, 422].includes(r.status)) return true;
          if (short && r?.status === 409 && r.body?.details?.order?.status === 'CREATING')
            return true;
          return r?.status === 502 && /^GATEWAY_(OUTCOME_UNKNOWN|AUTH_FAILED)$/.test(r.body?.code);
        },
        { ms: Math.max(0, deadline - Date.now()), every: 1000 },
      );
    }
    // A payment whose answer was lost is asked again with the same key (a fresh credential).
    for (const p of paymentsToReplay) {
      await until(
        async () => {
          const r = await api('POST', '/v1/qris/payments', {
            body: { ...p.body, authCode: authCode() },
            headers: { 'Idempotency-Key': p.key },
          });
          return r && r.status !== 504 && r.status !== 409 && r.status < 500;
        },
        { ms: Math.max(0, deadline - Date.now()), every: 1000 },
      );
    }
    let verdict;
    let unsettled;
    // The replays above may end at the deadline with a payment DOKU has just made: its
    // notification (or the reconciler's next poll) needs time to arrive. The comparison gets
    // that time after the last replay, whatever the replays used of the settle window.
    const verdictDeadline = Math.max(deadline, Date.now() + VERDICT_MIN_MS);
    await until(
      async () => {
        verdict = compareWithLedger(await readOurRows(stack.dbUrl), await stack.ledger());
        unsettled = settledFindings(verdict, short);
        return verdict.wrong.length === 0 && unsettled.length === 0;
      },
      { ms: Math.max(0, verdictDeadline - Date.now()), every: 1000 },
    );
    f.wrong = verdict.wrong.length + unsettled.length;
    f.lost = verdict.lostQrs.length;
    for (const w of [...verdict.wrong, ...unsettled]) f.note(w);
    for (const t of verdict.lostQrs) f.note(`QR ${t.partnerReferenceNo} at DOKU has no order`);
    if (f.wrong) {
      const file = await explainOrders(
        stack.dbUrl,
        await stack.ledger(),
        [...verdict.wrong, ...unsettled],
        path.join(tmpdir(), `chaos-storm-${run.seed}-${Date.now()}.json`),
      ).catch((err) => `not written: ${err.message}`);
      if (file) f.note(`the orders in question, their polls, events and DOKU's entry: ${file}`);
    }
    f.faults = await stack.faultsStruck();
    // A storm that made (almost) nothing proves nothing: that is a failure, not a pass.
    if (creates.length < ORDERS / 2 || f.faults === 0) {
      f.wrong++;
      f.note(`only ${creates.length} of ${ORDERS} creates made, ${f.faults} faults hit`);
    }
    const creating = verdict.unsettled.length - unsettled.length;
    if (creating)
      f.note(`${creating} order(s) still CREATING, answered 409 (resolved in long mode)`);
    const metrics = (await stack.api('GET', '/metrics')).text;
    f.dokuFailures = sumCounter(
      metrics,
      'doku_calls_total',
      (l) => !['success', 'declined', 'not_found', 'duplicate'].includes(l.outcome),
    );
    f.note(
      `${rules} fault rules set, ${f.faults} requests or notifications hit; ${f.dokuFailures} DOKU calls failed; ${creates.length} creates, ${creates.filter((c) => c.order).length} answered 201 during the storm`,
    );
  } finally {
    await stack.close();
    f.durationMs = Date.now() - started;
  }
  return f;
}
