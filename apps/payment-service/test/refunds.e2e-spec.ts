import { randomUUID } from 'node:crypto';
import { TEST_ADMIN_KEY } from '../../../test/support/app.js';
import { http } from '../../../test/support/http.js';
import { startShopServer, type ShopServer } from '../../../test/support/shop-server.js';
import { startStack, type Stack } from '../../../test/support/stack.js';
import { adminOrder, dokuRefunds, paidOrder, refund, refundRows } from './refunds.support.js';
import { deliverAll } from './webhooks.support.js';

describe('refunds: full, partial and several, against DOKU (the simulator) over HTTP', () => {
  let s: Stack;
  let shop: ShopServer;

  beforeAll(async () => {
    shop = await startShopServer();
    s = await startStack({
      label: 'refunds',
      env: {
        WEBHOOK_URL: shop.url,
        WEBHOOK_SECRETS: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        WEBHOOK_DISPATCH_INTERVAL_MS: '600000',
        DOKU_TIMEOUT_MS: '1000',
      },
    });
  });
  afterAll(async () => {
    await s?.close();
    await shop?.close();
  });
  afterEach(() => s.simulator.resetFaults());

  const webhooksFor = async (orderId: string) => {
    await deliverAll(s.service);
    return shop.received.filter((w) => w.json.data.id === orderId);
  };

  it('refunds a paid order in full: SUCCEEDED, order REFUNDED, one refund at DOKU, refund.succeeded webhook', async () => {
    const order = await paidOrder(s, 1_000_000);
    const res = await refund(s, order.id, { amount: 1_000_000, reason: 'Customer cancelled' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      orderId: order.id,
      status: 'SUCCEEDED',
      amount: 1_000_000,
      currency: 'IDR',
      reason: 'Customer cancelled',
      actor: 'alice',
      failure: null,
    });
    expect(res.body.id).toMatch(/^rfd_[0-9a-z]{24}$/);
    expect(res.body.doku.partnerRefundNo).toBe(res.body.id);
    expect(res.body.doku.refundNo).toBeTruthy();

    const atDoku = dokuRefunds(s, order);
    expect(atDoku).toHaveLength(1);
    expect(atDoku[0]).toMatchObject({
      partnerRefundNo: res.body.id,
      amountMinor: 1_000_000,
      reason: 'Customer cancelled',
    });

    const view = await adminOrder(s, order.id);
    expect(view.status).toBe('REFUNDED');
    expect(view.refundSummary).toEqual({
      paidAmount: 1_000_000,
      refundedAmount: 1_000_000,
      inFlightAmount: 0,
      refundableAmount: 0,
    });
    const types = view.events.map((e: { type: string }) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['refund.requested', 'refund.succeeded', 'order.fully_refunded']),
    );
    const requested = view.events.find((e: { type: string }) => e.type === 'refund.requested');
    expect(requested).toMatchObject({
      source: 'admin',
      actor: 'alice',
      details: { refundId: res.body.id, amount: 1_000_000, reason: 'Customer cancelled' },
    });

    const hooks = await webhooksFor(order.id);
    const refunded = hooks.find((h) => h.json.type === 'refund.succeeded');
    expect(refunded?.json.data).toMatchObject({
      id: order.id,
      status: 'REFUNDED',
      refund: { id: res.body.id, status: 'SUCCEEDED', amount: 1_000_000 },
    });
  });

  it('refunds partly, several times, up to the paid amount and no further', async () => {
    const order = await paidOrder(s, 1_000_000);
    const first = await refund(s, order.id, { amount: 300_000, reason: 'one item returned' });
    expect(first.status).toBe(201);
    expect((await adminOrder(s, order.id)).status).toBe('PARTIALLY_REFUNDED');

    const second = await refund(s, order.id, { amount: 500_000, reason: 'second item' });
    expect(second.status).toBe(201);
    const mid = await adminOrder(s, order.id);
    expect(mid.status).toBe('PARTIALLY_REFUNDED');
    expect(mid.refundSummary).toMatchObject({ refundedAmount: 800_000, refundableAmount: 200_000 });

    const tooMuch = await refund(s, order.id, { amount: 200_001, reason: 'too much' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.code).toBe('REFUND_EXCEEDS_PAID_AMOUNT');
    expect(tooMuch.body.message).toMatch(/at most 200000/);

    const last = await refund(s, order.id, { amount: 200_000, reason: 'the rest' });
    expect(last.status).toBe(201);
    const list = await http('GET', `${s.service.url}/admin/v1/orders/${order.id}/refunds`, {
      key: TEST_ADMIN_KEY,
    });
    expect(list.status).toBe(200);
    expect(list.body.data.map((r: { amount: number }) => r.amount)).toEqual([
      300_000, 500_000, 200_000,
    ]);
    expect(list.body.summary).toEqual({
      paidAmount: 1_000_000,
      refundedAmount: 1_000_000,
      inFlightAmount: 0,
      refundableAmount: 0,
    });
    expect((await adminOrder(s, order.id)).status).toBe('REFUNDED');
    expect(dokuRefunds(s, order).map((r) => r.amountMinor)).toEqual([300_000, 500_000, 200_000]);

    const hooks = await webhooksFor(order.id);
    expect(hooks.filter((h) => h.json.type === 'refund.succeeded')).toHaveLength(3);
  });

  it('replays the same answer for a repeated Idempotency-Key and refunds once', async () => {
    const order = await paidOrder(s, 1_000_000);
    const key = randomUUID();
    const body = { amount: 100_000, reason: 'replayed' };
    const first = await refund(s, order.id, body, { idempotencyKey: key });
    const again = await refund(s, order.id, body, { idempotencyKey: key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await refundRows(s, order.id)).toHaveLength(1);
    expect(dokuRefunds(s, order)).toHaveLength(1);

    const other = await refund(
      s,
      order.id,
      { amount: 100_001, reason: 'replayed' },
      { idempotencyKey: key },
    );
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await refundRows(s, order.id)).toHaveLength(1);
  });

  it('records a refund DOKU declines as FAILED with its code, tells the shop, and frees the amount', async () => {
    const order = await paidOrder(s, 1_000_000);
    s.simulator.setEndpointFault('refund', {
      errorRate: 1,
      errorStatus: 403,
      errorResponseCode: '4037814',
      errorMessage: 'Insufficient Funds',
      times: 1,
    });
    const declined = await refund(s, order.id, { amount: 1_000_000, reason: 'declined' });
    expect(declined.status).toBe(422);
    expect(declined.body).toMatchObject({
      code: 'REFUND_DECLINED',
      details: {
        refund: {
          status: 'FAILED',
          failure: { code: 'DOKU_4037814', message: 'Insufficient Funds' },
        },
      },
    });
    expect(declined.body.message).toMatch(/No money moved/);
    expect(dokuRefunds(s, order)).toHaveLength(0);
    const view = await adminOrder(s, order.id);
    expect(view.status).toBe('PAID');
    expect(view.refundSummary.refundableAmount).toBe(1_000_000);
    expect(view.events.map((e: { type: string }) => e.type)).toContain('refund.failed');
    const hooks = await webhooksFor(order.id);
    expect(hooks.find((h) => h.json.type === 'refund.failed')?.json.data).toMatchObject({
      refund: { id: declined.body.details.refund.id, status: 'FAILED' },
    });

    const retry = await refund(s, order.id, { amount: 1_000_000, reason: 'declined, again' });
    expect(retry.status).toBe(201);
    expect(dokuRefunds(s, order)).toHaveLength(1);
  });

  it('refunds a payment of another amount on an order flagged AMOUNT_MISMATCH, up to what was paid', async () => {
    const order = await paidOrder(s, 1_000_000, { amountMinor: 900_000, force: true });
    const flagged = await adminOrder(s, order.id);
    expect(flagged.flags).toEqual(['AMOUNT_MISMATCH']);
    expect(flagged.payment.paidAmount).toBe(900_000);

    const over = await refund(s, order.id, { amount: 1_000_000, reason: 'the order amount' });
    expect(over.status).toBe(422);
    expect(over.body.code).toBe('REFUND_EXCEEDS_PAID_AMOUNT');
    const paidBack = await refund(s, order.id, { amount: 900_000, reason: 'what was paid' });
    expect(paidBack.status).toBe(201);
    expect(dokuRefunds(s, order).map((r) => r.amountMinor)).toEqual([900_000]);
    const settled = await adminOrder(s, order.id);
    expect(settled.refundSummary.refundableAmount).toBe(0);
    // The money went back: the order ends REFUNDED (it was never PAID), its flag kept.
    expect(settled.status).toBe('REFUNDED');
    expect(settled.flags).toEqual(['AMOUNT_MISMATCH']);
  });

  it('moves an AMOUNT_MISMATCH order to PARTIALLY_REFUNDED when part of the payment goes back', async () => {
    const order = await paidOrder(s, 1_000_000, { amountMinor: 1_200_000, force: true });
    expect((await adminOrder(s, order.id)).status).toBe('PENDING');
    const overpaid = await refund(s, order.id, { amount: 200_000, reason: 'paid too much' });
    expect(overpaid.status).toBe(201);
    const after = await adminOrder(s, order.id);
    expect(after.status).toBe('PARTIALLY_REFUNDED');
    expect(after.refundSummary.refundableAmount).toBe(1_000_000);
  });
});
