import { randomUUID } from 'node:crypto';
import { TEST_ADMIN_KEY, TEST_SERVICE_KEY } from '../../../test/support/app.js';
import { http } from '../../../test/support/http.js';
import { startShopServer, type ShopServer } from '../../../test/support/shop-server.js';
import { startStack, type Stack } from '../../../test/support/stack.js';
import { adminOrder, createOrder, refund } from './refunds.support.js';
import { deliverAll } from './webhooks.support.js';

describe('admin API: search, the order page, cancel, resend', () => {
  let s: Stack;
  let shop: ShopServer;
  let url: string;

  beforeAll(async () => {
    shop = await startShopServer();
    s = await startStack({
      label: 'admin',
      env: {
        WEBHOOK_URL: shop.url,
        WEBHOOK_SECRETS: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        WEBHOOK_DISPATCH_INTERVAL_MS: '600000',
        DOKU_TIMEOUT_MS: '1000',
      },
    });
    url = s.service.url;
  });
  afterAll(async () => {
    await s?.close();
    await shop?.close();
  });

  const admin = (method: string, path: string, body?: unknown) =>
    http(method, `${url}${path}`, { key: TEST_ADMIN_KEY, body });
  const order = async (merchantReference: string, amount = 10_000) => {
    const res = await http('POST', `${url}/v1/orders`, {
      key: TEST_SERVICE_KEY,
      body: { merchantReference, amount, currency: 'IDR' },
      headers: { 'Idempotency-Key': randomUUID() },
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; doku: { referenceNo: string } };
  };
  const ids = (res: { body: { data: { id: string }[] } }) => res.body.data.map((o) => o.id);

  it('searches by merchant reference, DOKU reference, status and flagged, newest first', async () => {
    const ref = `INV-${randomUUID().slice(0, 8)}`;
    const a = await order(ref);
    const b = await order(ref);
    const c = await order(ref, 20_000);
    s.simulator.pay(c.doku.referenceNo);
    const d = await order(`${ref}-x`, 30_000);
    s.simulator.pay(d.doku.referenceNo, { amountMinor: 29_000, force: true });
    await s.simulator.notificationsIdle();

    const byRef = await admin('GET', `/admin/v1/orders?merchantReference=${ref}`);
    expect(byRef.status).toBe(200);
    expect(ids(byRef)).toEqual([c.id, b.id, a.id]);

    const byDoku = await admin('GET', `/admin/v1/orders?referenceNo=${b.doku.referenceNo}`);
    expect(ids(byDoku)).toEqual([b.id]);

    const paidOnes = await admin('GET', `/admin/v1/orders?merchantReference=${ref}&status=PAID`);
    expect(ids(paidOnes)).toEqual([c.id]);

    const flagged = await admin('GET', `/admin/v1/orders?status=flagged`);
    expect(ids(flagged)).toContain(d.id);
    expect(ids(flagged)).not.toContain(c.id);
    expect(flagged.body.data.every((o: { flags: string[] }) => o.flags.length > 0)).toBe(true);

    const bad = await admin('GET', `/admin/v1/orders?status=LOST`);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.message).toMatch(/flagged/);
  });

  it('filters by date range and pages with a keyset cursor', async () => {
    const ref = `PAGE-${randomUUID().slice(0, 8)}`;
    const from = new Date(Date.now() - 1000).toISOString();
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await order(ref)).id);
    const to = new Date(Date.now() + 1000).toISOString();

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = `merchantReference=${ref}&createdFrom=${from}&createdTo=${to}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await admin('GET', `/admin/v1/orders?${q}`);
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...ids(page));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...made].reverse());

    const before = await admin(
      'GET',
      `/admin/v1/orders?merchantReference=${ref}&createdTo=${from}`,
    );
    expect(ids(before)).toEqual([]);
  });

  it('shows one order with its refunds, audit events and webhook deliveries', async () => {
    const o = await createOrder(s, 50_000);
    s.simulator.pay(o.doku.referenceNo);
    await s.simulator.notificationsIdle();
    const r = await refund(s, o.id, { amount: 20_000, reason: 'damaged box' });
    expect(r.status).toBe(201);
    await deliverAll(s.service);

    const view = await adminOrder(s, o.id);
    expect(view).toMatchObject({
      id: o.id,
      status: 'PARTIALLY_REFUNDED',
      amount: 50_000,
      refundSummary: { paidAmount: 50_000, refundedAmount: 20_000, refundableAmount: 30_000 },
      refunds: [{ id: r.body.id, status: 'SUCCEEDED', amount: 20_000, actor: 'alice' }],
    });
    expect(view.events.map((e: { type: string }) => e.type)).toEqual([
      'order.created',
      'order.qr_issued',
      'order.payment_confirmed',
      'refund.requested',
      'refund.succeeded',
      'order.partially_refunded',
    ]);
    expect(view.webhookDeliveries.map((d: { eventType: string }) => d.eventType)).toEqual([
      'order.pending',
      'order.paid',
      'refund.succeeded',
    ]);
    expect(view.webhookDeliveries.every((d: { status: string }) => d.status === 'SUCCEEDED')).toBe(
      true,
    );

    // The existing resend route works from what this page shows, and is audited too.
    const delivery = view.webhookDeliveries[2];
    const resent = await admin('POST', `/admin/v1/webhook-deliveries/${delivery.id}/resend`, {
      reason: 'shop lost it',
    });
    expect(resent.status).toBe(202);
    const after = await adminOrder(s, o.id);
    expect(after.events.at(-1)).toMatchObject({
      type: 'webhook.resend',
      source: 'admin',
      actor: 'alice',
      details: { reason: 'shop lost it' },
    });
  });

  it('cancels a PENDING order with a reason, recording the admin and the reason', async () => {
    const o = await order(`CAN-${randomUUID().slice(0, 8)}`);
    const res = await admin('POST', `/admin/v1/orders/${o.id}/cancel`, {
      reason: 'Customer left the shop',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: o.id, status: 'CANCELLED' });
    expect(s.simulator.transaction(o.doku.referenceNo)!.status).toBe('cancelled');
    const view = await adminOrder(s, o.id);
    expect(view.events.at(-1)).toMatchObject({
      type: 'order.cancelled',
      from: 'PENDING',
      to: 'CANCELLED',
      source: 'admin',
      actor: 'alice',
      details: { reason: 'Customer left the shop' },
    });
  });

  it('refuses a cancel without a reason, and a cancel of a paid order, changing nothing', async () => {
    const o = await createOrder(s);
    const noReason = await admin('POST', `/admin/v1/orders/${o.id}/cancel`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.code).toBe('VALIDATION_FAILED');
    expect(noReason.body.message).toMatch(/reason is required/);
    expect((await adminOrder(s, o.id)).status).toBe('PENDING');

    s.simulator.pay(o.doku.referenceNo);
    await s.simulator.notificationsIdle();
    const paid = await admin('POST', `/admin/v1/orders/${o.id}/cancel`, { reason: 'too late' });
    expect(paid.status).toBe(409);
    expect(paid.body.code).toBe('ORDER_NOT_CANCELLABLE');
    expect(paid.body.message).toMatch(/Only a PENDING order can be cancelled/);
    expect((await adminOrder(s, o.id)).status).toBe('PAID');
  });

  it('answers 404 for an unknown order and 400 for a malformed id', async () => {
    const unknown = await admin('GET', '/admin/v1/orders/ord_000000000000000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('ORDER_NOT_FOUND');
    const malformed = await admin('GET', '/admin/v1/orders/nope');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('INVALID_ORDER_ID');
  });

  it.each([
    ['GET', '/admin/v1/orders'],
    ['GET', '/admin/v1/orders/ord_000000000000000000000000'],
    ['GET', '/admin/v1/orders/ord_000000000000000000000000/refunds'],
    ['POST', '/admin/v1/orders/ord_000000000000000000000000/cancel'],
  ])('refuses %s %s with a service key (403) and without a key (401)', async (method, path) => {
    const shopKey = await http(method, `${url}${path}`, {
      key: TEST_SERVICE_KEY,
      body: method === 'POST' ? { reason: 'x' } : undefined,
    });
    expect(shopKey.status).toBe(403);
    expect(shopKey.body.code).toBe('ADMIN_KEY_REQUIRED');
    const anonymous = await http(method, `${url}${path}`, {
      body: method === 'POST' ? { reason: 'x' } : undefined,
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('API_KEY_MISSING');
  });
});
