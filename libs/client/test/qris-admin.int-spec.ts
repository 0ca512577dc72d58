// The client's QRIS and back-office (admin) calls against the real service and the DOKU
// simulator over HTTP: typed answers and errors by code, a paying call retried with its own
// Idempotency-Key, and no retry on the calls that could act twice.
import { randomUUID } from 'node:crypto';
import { TEST_ADMIN_KEY, TEST_SERVICE_KEY } from '../../../test/support/app.js';
import { startShopServer, type ShopServer } from '../../../test/support/shop-server.js';
import { startStack, type Stack } from '../../../test/support/stack.js';
import { BROKEN_CRC, STATIC_QR } from '../../../apps/payment-service/test/qris.support.js';
import { PaymentApiError, PaymentClient, PaymentNetworkError } from '../src/index.js';

const SECRET = `whsec_${Buffer.from('client-qris-admin-secret-0123456').toString('base64')}`;

describe('PaymentClient: QRIS payments and the admin routes of a back office', () => {
  let s: Stack;
  let shop: ShopServer;
  let shopClient: PaymentClient;
  let adminClient: PaymentClient;

  beforeAll(async () => {
    shop = await startShopServer();
    s = await startStack({
      label: 'client_qris_admin',
      env: {
        WEBHOOK_URL: shop.url,
        WEBHOOK_SECRETS: SECRET,
        WEBHOOK_DISPATCH_INTERVAL_MS: '100',
        DOKU_TIMEOUT_MS: '500',
        HTTP_ACCESS_LOG: 'false',
      },
    });
    shopClient = new PaymentClient({ baseUrl: s.service.url, apiKey: TEST_SERVICE_KEY });
    adminClient = new PaymentClient({ baseUrl: s.service.url, apiKey: TEST_ADMIN_KEY });
  });
  afterAll(async () => {
    await s?.close();
    await shop?.close();
  });
  afterEach(() => s.simulator.resetFaults());

  const newOrder = (amount = 75_000) =>
    shopClient.orders.create({
      merchantReference: `INV-${randomUUID().slice(0, 8)}`,
      amount,
      currency: 'IDR',
    });
  const token = async () =>
    (await shopClient.qris.createCustomerToken({ authCode: `auth-${randomUUID()}` })).accessToken;
  const paymentRows = async (key: string) =>
    s.service.dataSource.query('SELECT id FROM qris_payments WHERE idempotency_key = $1', [key]);

  /** A fetch over real HTTP that records each attempt and loses the first answers. */
  function recordingFetch(loseAnswers: number) {
    const attempts: { key: string | null; status?: number }[] = [];
    const wrapped: typeof fetch = async (input, init) => {
      const attempt: { key: string | null; status?: number } = {
        key: new Headers(init?.headers).get('idempotency-key'),
      };
      attempts.push(attempt);
      const res = await fetch(input, init);
      attempt.status = res.status;
      if (attempts.length <= loseAnswers) {
        await res.arrayBuffer();
        throw new TypeError('fetch failed (the answer was lost on the way back)');
      }
      return res;
    };
    return { attempts, fetch: wrapped };
  }
  const clientWith = (net: { fetch: typeof fetch }, apiKey = TEST_SERVICE_KEY) =>
    new PaymentClient({ baseUrl: s.service.url, apiKey, fetch: net.fetch, maxRetryDelayMs: 50 });

  it('decodes a QR, gets a customer token, pays an order’s QR and reads the payment', async () => {
    const order = await newOrder();
    const decoded = await shopClient.qris.decode({ qrContent: order.qrContent! });
    expect(decoded.qrContent).toBe(order.qrContent);
    expect(JSON.stringify(decoded.fields)).toContain('Toko Test');
    // Soft rule breaks (the simulator's merchant PAN fails its Luhn digit) are warnings only.
    expect(decoded.warnings.every((w) => w.severity === 'warning')).toBe(true);

    const payment = await shopClient.qris.pay({
      qrContent: order.qrContent!,
      customerAccessToken: await token(),
    });
    expect(payment).toMatchObject({ status: 'SUCCEEDED', amount: 75_000, failure: null });
    const read = await shopClient.qris.getPayment(payment.id);
    expect(read.events.map((e) => e.type)).toEqual(['payment.created', 'payment.succeeded']);
    await s.simulator.notificationsIdle();
    expect((await shopClient.orders.get(order.id)).status).toBe('PAID');
  });

  it('throws QRIS errors typed by code, with details, and says when an answer is a replay', async () => {
    const broken = await shopClient.qris.decode({ qrContent: BROKEN_CRC }).catch((e) => e);
    if (!(broken instanceof PaymentApiError) || !broken.is('decodeQris')) throw broken;
    expect(broken.status).toBe(422);
    if (broken.body.code !== 'QR_INVALID') throw broken;
    expect(broken.body.details?.problems.map((p) => p.code)).toContain('CRC.MISMATCH');

    const idempotencyKey = randomUUID();
    const body = { qrContent: STATIC_QR, amount: 1_000, customerAccessToken: 'not-a-token' };
    const refused = await shopClient.qris.pay(body, { idempotencyKey }).catch((e) => e);
    if (!(refused instanceof PaymentApiError) || !refused.is('payQris')) throw refused;
    expect(refused).toMatchObject({ status: 422, idempotencyKey, replayed: false });
    if (refused.body.code !== 'CUSTOMER_TOKEN_INVALID') throw refused;
    expect(refused.body.details?.payment?.status).toBe('FAILED');

    const again = await shopClient.qris.pay(body, { idempotencyKey }).catch((e) => e);
    expect(again).toMatchObject({ status: 422, code: 'CUSTOMER_TOKEN_INVALID', replayed: true });
  });

  it('retries a payment whose answer was lost with the same Idempotency-Key: paid once', async () => {
    const net = recordingFetch(1);
    const before = s.simulator.ledger().foreignPayments.length;
    const payment = await clientWith(net).qris.pay({
      qrContent: STATIC_QR,
      amount: 2_000,
      customerAccessToken: await token(),
    });
    expect(payment.status).toBe('SUCCEEDED');
    expect(net.attempts.map((a) => a.status)).toEqual([201, 201]);
    expect(new Set(net.attempts.map((a) => a.key)).size).toBe(1);
    expect(await paymentRows(net.attempts[0].key!)).toEqual([{ id: payment.id }]);
    expect(s.simulator.ledger().foreignPayments).toHaveLength(before + 1);
  });

  it('repeats a 504 PAYMENT_OUTCOME_UNKNOWN with the key the error carries: DOKU’s answer, no second charge', async () => {
    s.simulator.setEndpointFault('payment', { timeoutRate: 1, afterProcessing: true, times: 1 });
    const body = { qrContent: STATIC_QR, amount: 3_000, customerAccessToken: await token() };
    const before = s.simulator.ledger().foreignPayments.length;
    const unknown = await shopClient.qris.pay(body).catch((e) => e);
    if (!(unknown instanceof PaymentApiError) || !unknown.is('payQris')) throw unknown;
    expect(unknown.status).toBe(504);
    expect(unknown.code).toBe('PAYMENT_OUTCOME_UNKNOWN');
    const paid = await shopClient.qris.pay(body, { idempotencyKey: unknown.idempotencyKey });
    expect(paid.status).toBe('SUCCEEDED');
    expect(s.simulator.ledger().foreignPayments).toHaveLength(before + 1);
  });

  it('does not retry a customer-token exchange whose answer was lost (the code is single use)', async () => {
    const net = recordingFetch(1);
    const lost = await clientWith(net)
      .qris.createCustomerToken({ authCode: `auth-${randomUUID()}` })
      .catch((e) => e);
    expect(lost).toBeInstanceOf(PaymentNetworkError);
    expect(net.attempts).toHaveLength(1);
  });

  it('lists, reads, reconciles and cancels orders as a back office, with typed errors', async () => {
    const order = await newOrder(50_000);
    const list = await adminClient.admin.orders.list({
      merchantReference: order.merchantReference,
    });
    expect(list.data.map((o) => o.id)).toEqual([order.id]);
    const full = await adminClient.admin.orders.get(order.id);
    expect(full).toMatchObject({ id: order.id, status: 'PENDING', refunds: [] });

    const reconciled = await adminClient.admin.orders.reconcile(order.id);
    expect(reconciled).toMatchObject({ orderId: order.id, outcome: 'stillPending' });

    // Cancelling is safe to repeat: a lost answer is retried and answers the CANCELLED order.
    const net = recordingFetch(1);
    const cancelled = await clientWith(net, TEST_ADMIN_KEY).admin.orders.cancel(order.id, {
      reason: 'customer left the till',
    });
    expect(cancelled.status).toBe('CANCELLED');
    expect(net.attempts.map((a) => a.status)).toEqual([200, 200]);

    const paid = await newOrder(60_000);
    s.simulator.pay(paid.doku.referenceNo!);
    await s.simulator.notificationsIdle();
    const refused = await adminClient.admin.orders
      .cancel(paid.id, { reason: 'too late' })
      .catch((e) => e);
    if (!(refused instanceof PaymentApiError) || !refused.is('adminCancelOrder')) throw refused;
    expect(refused.status).toBe(409);
    if (refused.body.code !== 'ORDER_NOT_CANCELLABLE') throw refused;
    expect(refused.body.details?.status).toBe('PAID');

    const forbidden = await shopClient.admin.orders.get(order.id).catch((e) => e);
    expect(forbidden).toMatchObject({ status: 403, code: 'ADMIN_KEY_REQUIRED' });
    const missing = await adminClient.admin.orders
      .get('ord_000000000000000000000000')
      .catch((e) => e);
    expect(missing).toMatchObject({ status: 404, code: 'ORDER_NOT_FOUND' });
  });

  it('refunds through admin.refunds and resends a delivered webhook, which is never retried', async () => {
    const order = await newOrder(40_000);
    s.simulator.pay(order.doku.referenceNo!);
    await s.simulator.notificationsIdle();
    const refund = await adminClient.admin.refunds.create(order.id, {
      amount: 10_000,
      reason: 'one item returned',
    });
    expect((await adminClient.admin.refunds.list(order.id)).data.map((r) => r.id)).toEqual([
      refund.id,
    ]);

    let delivery: { id: string; status: string } | undefined;
    for (const until = Date.now() + 10_000; Date.now() < until;) {
      const { webhookDeliveries } = await adminClient.admin.orders.get(order.id);
      delivery = webhookDeliveries.find((d) => d.eventType === 'order.paid');
      if (delivery?.status === 'SUCCEEDED') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(delivery?.status).toBe('SUCCEEDED');

    const resent = await adminClient.admin.webhookDeliveries.resend(delivery!.id, {
      reason: 'shop restored its database',
    });
    expect(resent).toMatchObject({ resentFrom: delivery!.id, eventType: 'order.paid' });

    const unknown = await adminClient.admin.webhookDeliveries
      .resend('whd_000000000000000000000000', { reason: 'typo' })
      .catch((e) => e);
    if (!(unknown instanceof PaymentApiError) || !unknown.is('resendWebhook')) throw unknown;
    expect(unknown).toMatchObject({ status: 404, code: 'WEBHOOK_DELIVERY_NOT_FOUND' });

    const net = recordingFetch(1);
    const lost = await clientWith(net, TEST_ADMIN_KEY)
      .admin.webhookDeliveries.resend(delivery!.id, { reason: 'answer lost' })
      .catch((e) => e);
    expect(lost).toBeInstanceOf(PaymentNetworkError);
    expect(net.attempts).toHaveLength(1);
  });
});
