import { startStack, type Stack } from '../../../test/support/stack.js';
import { RefundRetrySweep } from '../src/refunds/refund-retry.sweep.js';
import {
  adminOrder,
  dokuRefunds,
  eventually,
  paidOrder,
  refund,
  refundRows,
} from './refunds.support.js';

/**
 * A refund whose DOKU call gets no answer is UNKNOWN: it keeps its amount, and the retry
 * sweep asks DOKU again with the same partnerRefundNo until DOKU answers. DOKU never
 * makes a second refund.
 */
describe('refunds: an unanswered DOKU call is resolved later, never refunded twice', () => {
  let s: Stack;

  beforeAll(async () => {
    s = await startStack({ label: 'refunds_unknown', env: { DOKU_TIMEOUT_MS: '500' } });
  });
  afterAll(() => s?.close());
  afterEach(() => s.simulator.resetFaults());

  const sweepLater = () =>
    s.service.app.get(RefundRetrySweep).sweepDue({ now: new Date(Date.now() + 60 * 60_000) });

  it('answers 202 UNKNOWN when DOKU made the refund but the answer was lost, then the interval sweep confirms it', async () => {
    const order = await paidOrder(s, 1_000_000);
    s.simulator.setEndpointFault('refund', { timeoutRate: 1, afterProcessing: true, times: 1 });
    const res = await refund(s, order.id, { amount: 400_000, reason: 'answer lost' });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'UNKNOWN', amount: 400_000, attempts: 1 });
    expect(res.body.nextAttemptAt).toBeTruthy();
    // DOKU did refund; we do not know it yet, and the amount stays reserved meanwhile.
    expect(dokuRefunds(s, order)).toHaveLength(1);
    const waiting = await adminOrder(s, order.id);
    expect(waiting.status).toBe('PAID');
    expect(waiting.refundSummary).toMatchObject({
      inFlightAmount: 400_000,
      refundableAmount: 600_000,
    });
    const over = await refund(s, order.id, { amount: 600_001, reason: 'too much' });
    expect(over.body.code).toBe('REFUND_EXCEEDS_PAID_AMOUNT');
    expect(over.body.message).toMatch(/waiting for DOKU/);

    // No explicit call: the 5 s interval trigger picks it up once it is due.
    await eventually(async () => {
      const [row] = await refundRows(s, order.id);
      expect(row.status).toBe('SUCCEEDED');
    }, 20_000);
    const atDoku = dokuRefunds(s, order);
    expect(atDoku).toHaveLength(1);
    expect(atDoku[0].partnerRefundNo).toBe(res.body.id);
    const view = await adminOrder(s, order.id);
    expect(view.status).toBe('PARTIALLY_REFUNDED');
    expect(view.refunds[0]).toMatchObject({
      status: 'SUCCEEDED',
      attempts: 2,
      nextAttemptAt: null,
    });
    const types = view.events.map((e: { type: string }) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['refund.unknown', 'refund.succeeded', 'order.partially_refunded']),
    );
    expect(view.events.find((e: { type: string }) => e.type === 'refund.succeeded')).toMatchObject({
      source: 'reconciler',
      actor: 'refund-retry',
    });
  }, 30_000);

  it('resends a refund DOKU never received and DOKU makes it once', async () => {
    const order = await paidOrder(s, 1_000_000);
    s.simulator.setEndpointFault('refund', { timeoutRate: 1, times: 1 });
    const res = await refund(s, order.id, { amount: 1_000_000, reason: 'request lost' });
    expect(res.status).toBe(202);
    expect(dokuRefunds(s, order)).toHaveLength(0);

    await sweepLater();
    await eventually(async () => {
      expect((await refundRows(s, order.id))[0].status).toBe('SUCCEEDED');
    });
    expect(dokuRefunds(s, order)).toHaveLength(1);
    expect((await adminOrder(s, order.id)).status).toBe('REFUNDED');
  });

  it('keeps asking while DOKU stays silent, then settles on its answer, still one refund', async () => {
    const order = await paidOrder(s, 300_000);
    s.simulator.setEndpointFault('refund', { timeoutRate: 1, afterProcessing: true, times: 3 });
    const res = await refund(s, order.id, { amount: 300_000, reason: 'slow DOKU' });
    expect(res.status).toBe(202);
    await sweepLater();
    await sweepLater();
    let [row] = await refundRows(s, order.id);
    expect(row.status).toBe('UNKNOWN');
    await sweepLater();
    await eventually(async () => {
      [row] = await refundRows(s, order.id);
      expect(row.status).toBe('SUCCEEDED');
    });
    expect(dokuRefunds(s, order)).toHaveLength(1);
  });

  // The "after unknown" rows: a refund DOKU may have made stays UNKNOWN, holding its amount,
  // whatever non-settling answer the retries meet; DOKU's own answer settles it later.
  it.each([
    [
      'malformed',
      'a 401',
      { malformedRate: 1 },
      { errorStatus: 401, errorResponseCode: '4017801' },
    ],
    ['timeout', 'a 401', { timeoutRate: 1 }, { errorStatus: 401, errorResponseCode: '4017800' }],
    ['timeout', 'a 429', { timeoutRate: 1 }, { errorStatus: 429, errorResponseCode: '4297800' }],
    [
      'malformed',
      'a 503',
      { malformedRate: 1 },
      { errorStatus: 503, errorResponseCode: '5037800' },
    ],
    [
      'timeout',
      'a fresh 405',
      { timeoutRate: 1 },
      { errorStatus: 405, errorResponseCode: '4057801' },
    ],
  ])(
    'keeps a refund DOKU made UNKNOWN when its lost (%s) answer is followed by %s, then settles it on DOKU’s answer',
    async (_lost, _then, lostFault, laterError) => {
      const order = await paidOrder(s, 500_000);
      s.simulator.setEndpointFault('refund', { ...lostFault, afterProcessing: true, times: 1 });
      const key = `after-unknown-${order.id}`;
      const body = { amount: 200_000, reason: 'answer lost, then refused' };
      const res = await refund(s, order.id, body, { idempotencyKey: key });
      expect(res.status).toBe(202);
      expect(dokuRefunds(s, order)).toHaveLength(1); // DOKU made it

      s.simulator.setEndpointFault('refund', { errorRate: 1, ...laterError });
      await sweepLater();
      await sweepLater();
      const [row] = await refundRows(s, order.id);
      expect(row.status).toBe('UNKNOWN');
      const view = await adminOrder(s, order.id);
      expect(view.refundSummary).toMatchObject({
        inFlightAmount: 200_000,
        refundableAmount: 300_000,
      });
      expect(view.refunds[0].unknown.message).toMatch(/may have been made/);
      expect(view.refunds[0].failure).toBeNull();
      const replay = await refund(s, order.id, body, { idempotencyKey: key });
      expect(replay.status).toBe(202);
      expect(replay.body.status).toBe('UNKNOWN');
      expect(JSON.stringify(replay.body)).not.toMatch(/No money moved/);
      const types = view.events.map((e: { type: string }) => e.type);
      expect(types).not.toContain('refund.failed');

      s.simulator.resetFaults();
      await sweepLater();
      await eventually(async () => {
        expect((await refundRows(s, order.id))[0].status).toBe('SUCCEEDED');
      });
      expect(dokuRefunds(s, order)).toHaveLength(1);
      expect((await adminOrder(s, order.id)).status).toBe('PARTIALLY_REFUNDED');
    },
    30_000,
  );

  it('fails a refund DOKU refused on a retry when the earlier attempt only met a 429 (nothing was sent through)', async () => {
    const order = await paidOrder(s, 500_000);
    s.simulator.setEndpointFault('refund', {
      errorRate: 1,
      errorStatus: 429,
      errorResponseCode: '4297800',
    });
    const res = await refund(s, order.id, { amount: 100_000, reason: 'busy, then refused' });
    expect(res.status).toBe(202);
    s.simulator.setEndpointFault('refund', {
      errorRate: 1,
      errorStatus: 405,
      errorResponseCode: '4057801',
    });
    await sweepLater();
    await eventually(async () => {
      expect((await refundRows(s, order.id))[0].status).toBe('FAILED');
    });
    expect(dokuRefunds(s, order)).toHaveLength(0);
  });

  it('replays the current state for the same Idempotency-Key while the outcome is unknown', async () => {
    const order = await paidOrder(s, 100_000);
    s.simulator.setEndpointFault('refund', { timeoutRate: 1, afterProcessing: true, times: 1 });
    const body = { amount: 100_000, reason: 'replay while unknown' };
    const first = await refund(s, order.id, body, { idempotencyKey: 'unknown-replay' });
    expect(first.status).toBe(202);
    await sweepLater();
    await eventually(async () => {
      const again = await refund(s, order.id, body, { idempotencyKey: 'unknown-replay' });
      expect(again.status).toBe(201);
      expect(again.body).toMatchObject({ id: first.body.id, status: 'SUCCEEDED' });
    });
    expect(await refundRows(s, order.id)).toHaveLength(1);
    expect(dokuRefunds(s, order)).toHaveLength(1);
  });
});
