// The example shop against the real service and the DOKU simulator: every order is
// fulfilled exactly once, across duplicate notifications, redelivered and resent webhooks,
// and the paid-after-cancel case (order.paid then order.flagged); it refunds.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { TEST_ADMIN_KEY, TEST_SERVICE_KEY } from '../../../test/support/app.js';
import { http } from '../../../test/support/http.js';
import { startStack, type Stack } from '../../../test/support/stack.js';
import { PaymentClient } from '../../../libs/client/src/index.js';
import { Shop } from '../src/shop.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const a = probe.address();
      probe.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** What a webhook delivery's signature covers, to send a delivery again as the service would. */
function webhookHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const names = ['webhook-id', 'webhook-timestamp', 'webhook-signature', 'content-type'];
  return Object.fromEntries(names.map((n) => [n, String(h[n])]));
}

const SECRET = `whsec_${Buffer.from('example-shop-secret-0123456789ab').toString('base64')}`;

describe('example shop (apps/example-shop)', () => {
  let s: Stack;
  let shop: Shop;
  let server: Server;
  let shopUrl: string;
  /** Every delivery the shop got, raw, to send again as a retry would. */
  const deliveries: { body: Buffer; headers: Record<string, string> }[] = [];

  beforeAll(async () => {
    // The service needs the shop's webhook URL when it starts: the shop's port comes first.
    const port = await freePort();
    shopUrl = `http://127.0.0.1:${port}`;
    s = await startStack({
      label: 'example_shop',
      env: {
        WEBHOOK_URL: `${shopUrl}/webhooks`,
        WEBHOOK_SECRETS: SECRET,
        WEBHOOK_DISPATCH_INTERVAL_MS: '100',
        HTTP_ACCESS_LOG: 'false',
      },
    });
    shop = new Shop({
      paymentsUrl: s.service.url,
      serviceKey: TEST_SERVICE_KEY,
      adminKey: TEST_ADMIN_KEY,
      webhookSecret: SECRET,
      onWebhook: (body, headers) => deliveries.push({ body, headers: webhookHeaders(headers) }),
    });
    server = (await shop.listen(port)).server;
  });
  afterAll(async () => {
    await s?.close();
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
  });

  async function until(check: () => boolean, ms = 15_000): Promise<void> {
    for (const end = Date.now() + ms; !check();) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const fulfilmentsOf = (orderId: string) =>
    shop.state.fulfilments.filter((f) => f.orderId === orderId);
  const typesOf = (orderId: string) =>
    deliveries
      .map((d) => JSON.parse(d.body.toString('utf8')))
      .filter((e) => e.data.id === orderId)
      .map((e) => e.type);

  it('shows the QR at checkout and fulfils once, across duplicate notifications and redeliveries', async () => {
    const cartId = randomUUID().slice(0, 8);
    const checkout = () =>
      fetch(`${shopUrl}/checkout`, {
        method: 'POST',
        body: JSON.stringify({ cartId, amount: 1_500_000 }),
      });
    const page = await checkout();
    expect(page.status).toBe(201);
    const orderId = page.headers.get('location')!.replace('/orders/', '');
    const order = await new PaymentClient({
      baseUrl: s.service.url,
      apiKey: TEST_SERVICE_KEY,
    }).orders.get(orderId);
    expect(order.status).toBe('PENDING');
    expect(await page.text()).toContain(`<pre id="qris">${order.qrContent}</pre>`);
    // A double click at checkout is the same order (the cart's Idempotency-Key).
    expect((await checkout()).headers.get('location')).toBe(`/orders/${order.id}`);

    s.simulator.setNotificationFault({ duplicateRate: 1, times: 1 }); // DOKU notifies twice
    s.simulator.pay(order.doku.referenceNo!);
    await s.simulator.notificationsIdle();
    await until(() => fulfilmentsOf(order.id).length > 0);

    // Every delivery of this order again, as the service's retries would, in reverse too.
    const mine = deliveries.filter((d) => d.body.toString('utf8').includes(order.id));
    for (const d of [...mine, ...mine.reverse()]) {
      const res = await fetch(`${shopUrl}/webhooks`, {
        method: 'POST',
        body: d.body,
        headers: d.headers,
      });
      expect(res.status).toBe(204);
    }
    // And an admin resend of the order.paid event: a new delivery of the same event id.
    const admin = await http('GET', `${s.service.url}/admin/v1/orders/${order.id}`, {
      key: TEST_ADMIN_KEY,
    });
    const paid = admin.body.webhookDeliveries.find(
      (d: { eventType: string; status: string }) => d.eventType === 'order.paid',
    );
    const before = deliveries.length;
    const resend = await http(
      'POST',
      `${s.service.url}/admin/v1/webhook-deliveries/${paid.id}/resend`,
      {
        key: TEST_ADMIN_KEY,
        body: { reason: 'shop asked for it again' },
      },
    );
    expect(resend.status).toBe(202);
    await until(() => deliveries.length > before);
    expect(JSON.parse(deliveries.at(-1)!.body.toString('utf8')).id).toBe(paid.eventId);
    expect(fulfilmentsOf(order.id)).toEqual([
      { orderId: order.id, cartId, eventId: expect.stringMatching(/^evt_/) },
    ]);
    // Only the first of each event counted: the resent and redelivered ones were ignored.
    expect(shop.state.ignored).toBeGreaterThanOrEqual(mine.length * 2 + 1);
  });

  it('refuses a forged webhook', async () => {
    const d = deliveries[0];
    const forged = Buffer.from(d.body.toString('utf8').replace('"PENDING"', '"PAID"'));
    const res = await fetch(`${shopUrl}/webhooks`, {
      method: 'POST',
      body: forged,
      headers: d.headers,
    });
    expect(res.status).toBe(400);
  });

  it('paid after cancel: fulfils once on order.paid and hands the flag to a person', async () => {
    const cartId = randomUUID().slice(0, 8);
    const { order } = await shop.checkout(cartId, 1_000_000);
    expect((await shop.cancel(order.id)).status).toBe('CANCELLED');
    s.simulator.pay(order.doku.referenceNo!, { force: true }); // the customer paid anyway
    await s.simulator.notificationsIdle();
    await until(() => shop.state.flagged.has(order.id));
    expect(fulfilmentsOf(order.id)).toHaveLength(1);
    expect(shop.state.flagged.get(order.id)).toEqual(['PAID_AFTER_EXPIRY']);
    expect(typesOf(order.id)).toEqual([
      'order.pending',
      'order.cancelled',
      'order.paid',
      'order.flagged',
    ]);
  });

  it('refunds through the admin client and sees refund.succeeded', async () => {
    const { order } = await shop.checkout(randomUUID().slice(0, 8), 2_000_000);
    s.simulator.pay(order.doku.referenceNo!);
    await s.simulator.notificationsIdle();
    await until(() => fulfilmentsOf(order.id).length === 1);
    const res = await fetch(`${shopUrl}/orders/${order.id}/refund`, {
      method: 'POST',
      body: JSON.stringify({ amount: 500_000, reason: 'one item returned' }),
    });
    expect(res.status).toBe(201);
    const refund = (await res.json()) as { id: string; status: string };
    expect(refund.status).toBe('SUCCEEDED');
    await until(() => typesOf(order.id).includes('refund.succeeded'));
    expect(shop.state.refunds).toContainEqual({
      orderId: order.id,
      refundId: refund.id,
      status: 'SUCCEEDED',
    });
  });
});
