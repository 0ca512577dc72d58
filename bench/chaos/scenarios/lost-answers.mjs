// Lost answers, then a refusal: DOKU acts but its answer is lost (a timeout or a truncated
// answer after processing), and the next call gets a 401. The outcome is still unknown (a
// 401 says nothing about the first call), so nothing may become FAILED: after the faults
// end, every refund, payment and order must match DOKU's ledger. The same sequences as
// issue 12's reproductions, for refunds, QRIS payments and order creation.
import { randomUUID } from 'node:crypto';
import { compareWithLedger, readOurRows } from '../lib/ledger-check.mjs';
import { remember, startStack, until } from '../lib/stack.mjs';
import { figures, key, orderBody, trace } from '../lib/util.mjs';

const AUTH_REFUSED = { errorRate: 1, errorStatus: 401, errorResponseCode: '4017801' };

/** A fresh customer credential, one the logs must never show. */
const authCode = () => {
  const code = `auth-${randomUUID()}`;
  remember('customer authCode', code);
  return code;
};

export async function lostAnswers(run, { short }) {
  const f = figures('lost answers, then a 401');
  const started = Date.now();
  const stack = await startStack(run, 'lost', { serviceEnv: { DOKU_TIMEOUT_MS: '1500' } });
  const api = async (method, path, opts) => {
    const r = await stack.api(method, path, opts);
    trace('lost', method, path, r.status, r.body?.code ?? '');
    f.countAnswer(r, { gatewayFaults: true });
    return r;
  };
  const fault = async (endpoint, rule) => {
    trace('lost: fault', endpoint, JSON.stringify(rule));
    await stack.setFault(endpoint, rule);
  };
  const paidOrder = async (amount) => {
    const r = await api('POST', '/v1/orders', {
      body: orderBody(`INV-lost-${randomUUID().slice(0, 8)}`, amount),
      headers: { 'Idempotency-Key': key('order') },
    });
    if (r.status !== 201) throw new Error(`create answered ${r.status} ${r.text}`);
    await stack.simulator('POST', `/qris/${r.body.doku.referenceNo}/pay`, {});
    const paid = await until(
      async () => (await stack.api('GET', `/v1/orders/${r.body.id}`)).body?.status === 'PAID',
      { ms: 20_000, every: 200 },
    );
    if (!paid) throw new Error(`order ${r.body.id} never became PAID`);
    return r.body;
  };
  try {
    await stack.start();
    const losses = [
      { malformedRate: 1, afterProcessing: true, times: 1 },
      { timeoutRate: 1, afterProcessing: true, times: 1 },
    ];
    const rounds = short ? 1 : 3;
    for (let round = 0; round < rounds; round++) {
      for (const loss of losses) {
        // A refund DOKU made, whose answer was lost; the retry is refused with a 401.
        const order = await paidOrder(500_000);
        await fault('refund', loss);
        const refund = await api('POST', `/admin/v1/orders/${order.id}/refunds`, {
          admin: true,
          body: { amount: 200_000, reason: 'chaos: lost answer' },
          headers: { 'Idempotency-Key': key('refund') },
        });
        await fault('refund', AUTH_REFUSED);
        // The retry sweep's next call meets the 401 (the refund must still be open then).
        if (refund.status !== 202)
          throw new Error(`refund answered ${refund.status} ${refund.text}`);
        const sent = refund.body.attempts;
        const retried = await until(
          async () => {
            const list = await stack.api('GET', `/admin/v1/orders/${order.id}/refunds`, {
              admin: true,
            });
            const r = list.body?.data?.find((x) => x.id === refund.body.id);
            if (!r) throw new Error(`refund ${refund.body.id} missing from ${list.text}`);
            return r.attempts > sent && r;
          },
          { ms: 30_000, every: 200 },
        );
        if (!retried) throw new Error(`refund ${refund.body.id} was not retried within 30 s`);
        trace('lost: refund after the 401', retried.status, retried.unknown?.lastOutcome ?? '');
        await stack.clearFaults();

        // A QRIS payment DOKU charged, whose answer was lost; the replay meets a 401.
        const target = await api('POST', '/v1/orders', {
          body: orderBody('INV-lost-pay', 75_000),
          headers: { 'Idempotency-Key': key('order') },
        });
        const payKey = key('pay');
        const pay = () =>
          api('POST', '/v1/qris/payments', {
            body: { qrContent: target.body.qrContent, authCode: authCode() },
            headers: { 'Idempotency-Key': payKey },
          });
        await fault('payment', loss);
        await pay();
        await fault('payment', AUTH_REFUSED);
        await pay();
        await stack.clearFaults();
        // The shop repeats the request with the same key until it gets a final answer.
        await until(
          async () => {
            const r = await pay();
            return r.status !== 504 && r.status !== 409;
          },
          { ms: 20_000, every: 500 },
        );

        // An order whose QR DOKU made, whose answer was lost; the shop's retry meets a 401.
        // It stays CREATING; the reconciler resolves it ~30 s later (cancel at DOKU, FAILED).
        const createKey = key('order');
        const body = orderBody('INV-lost-create', 42_000);
        await fault('generate', loss);
        await api('POST', '/v1/orders', { body, headers: { 'Idempotency-Key': createKey } });
        await fault('generate', AUTH_REFUSED);
        await api('POST', '/v1/orders', { body, headers: { 'Idempotency-Key': createKey } });
        await stack.clearFaults();
      }
    }
    // Then DOKU's truth, given time for the sweeps to ask again.
    let verdict;
    await until(
      async () => {
        verdict = compareWithLedger(await readOurRows(stack.dbUrl), await stack.ledger());
        return verdict.wrong.length === 0 && verdict.unsettled.length === 0;
      },
      { ms: 60_000, every: 500 },
    );
    f.wrong = verdict.wrong.length + verdict.unsettled.length;
    f.lost = verdict.lostQrs.length;
    for (const w of [...verdict.wrong, ...verdict.unsettled]) f.note(w);
    for (const t of verdict.lostQrs) f.note(`QR ${t.partnerReferenceNo} at DOKU has no order`);
    f.faults = await stack.faultsStruck();
  } finally {
    await stack.close();
    f.durationMs = Date.now() - started;
  }
  return f;
}
