import { formatSnapTimestamp, signAsymmetric } from '#doku-snap';
import { Webhook } from 'standardwebhooks';
import { TEST_SERVICE_KEY } from '../../../test/support/app.js';
import { http } from '../../../test/support/http.js';
import { startShopServer, type ShopServer } from '../../../test/support/shop-server.js';
import { startStack, type Stack } from '../../../test/support/stack.js';
import { deliverAll } from './webhooks.support.js';

const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('the money path: create -> pay at DOKU -> notification -> PAID -> signed webhook', () => {
  let s: Stack;
  let shop: ShopServer;
  let url: string;

  beforeAll(async () => {
    shop = await startShopServer();
    s = await startStack({
      label: 'orders_pay',
      env: {
        WEBHOOK_URL: shop.url,
        WEBHOOK_SECRETS: WEBHOOK_SECRET,
        WEBHOOK_DISPATCH_INTERVAL_MS: '600000',
        DOKU_TIMEOUT_MS: '500',
      },
    });
    url = s.service.url;
  });
  afterAll(async () => {
    await s?.close();
    await shop?.close();
  });

  const createOrder = async (amount = 2_500_000) => {
    const res = await http('POST', `${url}/v1/orders`, {
      key: TEST_SERVICE_KEY,
      body: { merchantReference: 'INV-pay', amount, currency: 'IDR' },
      headers: { 'Idempotency-Key': `k-${Math.random()}` },
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; doku: { partnerReferenceNo: string; referenceNo: string } };
  };
  const getOrder = async (id: string) =>
    (await http('GET', `${url}/v1/orders/${id}`, { key: TEST_SERVICE_KEY })).body;
  const events = async (id: string) =>
    (await http('GET', `${url}/v1/orders/${id}/events`, { key: TEST_SERVICE_KEY })).body.data as {
      type: string;
      source: string;
    }[];
  const deliverWebhooks = () => deliverAll(s.service);
  // Orders are delivered in parallel, one order's events in sequence order.
  const webhooksFor = (id: string) =>
    shop.received
      .filter((w) => w.json.data.id === id)
      .sort((a, b) => a.json.data.sequence - b.json.data.sequence);

  /** A notification signed with DOKU's key, as the simulator would send it. */
  const notify = (
    body: Record<string, unknown>,
    opts: { key?: string; timestamp?: string; tamper?: boolean } = {},
  ) => {
    const raw = JSON.stringify(body);
    const timestamp = opts.timestamp ?? formatSnapTimestamp(new Date());
    const signature = signAsymmetric({
      method: 'POST',
      path: '/v1.0/qr/qr-mpm-notify',
      body: opts.tamper ? `${raw} ` : raw,
      timestamp,
      privateKeyPem: opts.key ?? s.credentials.dokuPrivateKeyPem,
    });
    return http('POST', `${url}/v1.0/qr/qr-mpm-notify`, {
      raw,
      headers: {
        'content-type': 'application/json',
        'x-timestamp': timestamp,
        'x-signature': signature,
        'x-partner-id': s.credentials.clientId,
        'x-external-id': '1234567890',
      },
    });
  };
  const paidBody = (
    order: { doku: { partnerReferenceNo: string; referenceNo: string } },
    amount: string,
  ) => ({
    originalReferenceNo: order.doku.referenceNo,
    originalPartnerReferenceNo: order.doku.partnerReferenceNo,
    latestTransactionStatus: '00',
    transactionStatusDesc: 'Success',
    amount: { value: amount, currency: 'IDR' },
    additionalInfo: { approvalCode: '328591', issuerName: 'BCA' },
  });

  it('pays an order end to end and tells the shop with a webhook it can verify', async () => {
    const order = await createOrder();
    s.simulator.pay(order.doku.referenceNo, { issuer: 'BCA', customerName: 'JOHN DOE' });
    await s.simulator.notificationsIdle();
    const paid = await getOrder(order.id);
    expect(paid).toMatchObject({
      status: 'PAID',
      flags: [],
      payment: { paidAmount: 2_500_000, issuerName: 'BCA', customerName: 'JOHN DOE' },
    });
    expect(paid.payment.approvalCode).toBeTruthy();
    expect((await events(order.id)).map((e) => e.type)).toEqual([
      'order.created',
      'order.qr_issued',
      'order.payment_confirmed',
    ]);

    await deliverWebhooks();
    const hooks = webhooksFor(order.id);
    expect(hooks.map((h) => h.json.type)).toEqual(['order.pending', 'order.paid']);
    expect(hooks.map((h) => h.json.data.sequence)).toEqual([1, 2]);
    const wh = new Webhook(WEBHOOK_SECRET);
    for (const h of hooks)
      expect(() => wh.verify(h.body, h.headers as Record<string, string>)).not.toThrow();
    expect(() =>
      new Webhook('whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD').verify(
        hooks[1].body,
        hooks[1].headers as Record<string, string>,
      ),
    ).toThrow();
    expect(hooks[1].json.data).toMatchObject({ status: 'PAID', amount: 2_500_000 });
  });

  it('applies a duplicated notification once: one transition, one event, one webhook', async () => {
    const order = await createOrder();
    s.simulator.setNotificationFault({ duplicateRate: 1, times: 1 });
    s.simulator.pay(order.doku.referenceNo);
    await s.simulator.notificationsIdle();
    const again = await notify(paidBody(order, '25000.00'));
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ responseCode: '2005200', responseMessage: 'Successful' });
    expect(
      (await events(order.id)).filter((e) => e.type === 'order.payment_confirmed'),
    ).toHaveLength(1);
    await deliverWebhooks();
    expect(webhooksFor(order.id).filter((h) => h.json.type === 'order.paid')).toHaveLength(1);
  });

  it('refuses a forged notification with 401 and changes nothing', async () => {
    const order = await createOrder();
    const forger = (await import('node:crypto'))
      .generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const forged = await notify(paidBody(order, '25000.00'), { key: forger });
    expect(forged.status).toBe(401);
    expect(forged.body).toEqual({
      responseCode: '4015200',
      responseMessage: 'Unauthorized. Signature Not Match',
    });
    const tampered = await notify(paidBody(order, '25000.00'), { tamper: true });
    expect(tampered.status).toBe(401);
    expect((await getOrder(order.id)).status).toBe('PENDING');
    expect((await events(order.id)).map((e) => e.type)).toEqual([
      'order.created',
      'order.qr_issued',
    ]);
  });

  it('refuses a stale notification (timestamp outside the window)', async () => {
    const order = await createOrder();
    const stale = await notify(paidBody(order, '25000.00'), {
      timestamp: formatSnapTimestamp(new Date(Date.now() - 10 * 60_000)),
    });
    expect(stale.status).toBe(401);
    expect(stale.body.responseMessage).toMatch(/Timestamp/);
    expect((await getOrder(order.id)).status).toBe('PENDING');
  });

  it('answers 404 with a SNAP code for a notification about an unknown transaction', async () => {
    const res = await notify({
      originalPartnerReferenceNo: 'ffffffffffffffffffffffffffffffff',
      latestTransactionStatus: '00',
      amount: { value: '1.00', currency: 'IDR' },
    });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ responseCode: '4045201', responseMessage: 'Transaction Not Found' });
  });

  it('flags AMOUNT_MISMATCH instead of PAID when DOKU reports another amount, and tells the shop', async () => {
    const order = await createOrder(2_500_000);
    s.simulator.pay(order.doku.referenceNo, { amountMinor: 2_400_000, force: true });
    await s.simulator.notificationsIdle();
    const flagged = await getOrder(order.id);
    expect(flagged).toMatchObject({
      status: 'PENDING',
      flags: ['AMOUNT_MISMATCH'],
      payment: { paidAmount: 2_400_000 },
    });
    await deliverWebhooks();
    expect(webhooksFor(order.id).map((h) => h.json.type)).toEqual([
      'order.pending',
      'order.flagged',
    ]);
  });

  it('pays a cancelled order anyway when DOKU says it was paid, flagged PAID_AFTER_EXPIRY', async () => {
    const order = await createOrder(2_500_000);
    expect(
      (await http('POST', `${url}/v1/orders/${order.id}/cancel`, { key: TEST_SERVICE_KEY })).body
        .status,
    ).toBe('CANCELLED');
    const res = await notify(paidBody(order, '25000.00'));
    expect(res.status).toBe(200);
    const paid = await getOrder(order.id);
    expect(paid).toMatchObject({ status: 'PAID', flags: ['PAID_AFTER_EXPIRY'] });
    await deliverWebhooks();
    expect(webhooksFor(order.id).map((h) => h.json.type)).toEqual([
      'order.pending',
      'order.cancelled',
      'order.paid',
      'order.flagged',
    ]);
  });

  it('answers 422 with the FAILED order and DOKU’s code when DOKU declines', async () => {
    s.simulator.setEndpointFault('generate', {
      errorRate: 1,
      errorStatus: 403,
      errorResponseCode: '4034703',
      errorMessage: 'Transaction Not Permitted',
      times: 1,
    });
    const res = await http('POST', `${url}/v1/orders`, {
      key: TEST_SERVICE_KEY,
      body: { merchantReference: 'INV-decl', amount: 1000, currency: 'IDR' },
      headers: { 'Idempotency-Key': 'k-declined' },
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      code: 'GATEWAY_DECLINED',
      details: { order: { status: 'FAILED', failure: { code: 'DOKU_4034703' } } },
    });
    // The replay gives the same answer.
    const replay = await http('POST', `${url}/v1/orders`, {
      key: TEST_SERVICE_KEY,
      body: { merchantReference: 'INV-decl', amount: 1000, currency: 'IDR' },
      headers: { 'Idempotency-Key': 'k-declined' },
    });
    expect(replay.status).toBe(422);
    expect(replay.body.details.order.id).toBe(res.body.details.order.id);
  });

  describe('cancel when DOKU does not cooperate (the order is never changed on a guess)', () => {
    const cancel = (id: string) =>
      http('POST', `${url}/v1/orders/${id}/cancel`, { key: TEST_SERVICE_KEY });
    afterEach(() => s.simulator.resetFaults());

    it('answers 504 GATEWAY_TIMEOUT when DOKU does not answer, and a retry then cancels', async () => {
      const order = await createOrder(1_000_000);
      s.simulator.setEndpointFault('cancel', { timeoutRate: 1, times: 3 });
      const res = await cancel(order.id);
      expect(res.status).toBe(504);
      expect(res.body).toMatchObject({
        code: 'GATEWAY_TIMEOUT',
        details: { dokuOutcome: 'unknown' },
      });
      expect(res.body.message).toMatch(/unchanged\. Retry the cancel/);
      expect((await getOrder(order.id)).status).toBe('PENDING');
      s.simulator.resetFaults();
      const retry = await cancel(order.id);
      expect(retry.status).toBe(200);
      expect(retry.body.status).toBe('CANCELLED');
      expect((await events(order.id)).filter((e) => e.type === 'order.cancelled')).toHaveLength(1);
    });

    it('answers 502 GATEWAY_UNAVAILABLE when DOKU fails, leaving the order PENDING', async () => {
      const order = await createOrder(1_000_000);
      s.simulator.setEndpointFault('cancel', { errorRate: 1, errorStatus: 503 });
      const res = await cancel(order.id);
      expect(res.status).toBe(502);
      expect(res.body.code).toBe('GATEWAY_UNAVAILABLE');
      expect((await getOrder(order.id)).status).toBe('PENDING');
      expect(s.simulator.transaction(order.doku.referenceNo)!.cancelledAt).toBeNull();
    });

    it('answers 409 CANCEL_REFUSED when DOKU refuses (e.g. just paid), and looks again at once', async () => {
      const order = await createOrder(1_000_000);
      s.simulator.setEndpointFault('cancel', {
        errorRate: 1,
        errorStatus: 405,
        errorResponseCode: '4057701',
        errorMessage: 'Operation not allowed: transaction already paid',
      });
      const before = Date.now();
      const res = await cancel(order.id);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'CANCEL_REFUSED' });
      expect((await getOrder(order.id)).status).toBe('PENDING');
      const [poll] = await s.service.dataSource.query(
        'SELECT next_poll_at FROM order_polls WHERE order_id = $1',
        [order.id],
      );
      expect(poll.next_poll_at.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(poll.next_poll_at.getTime()).toBeLessThanOrEqual(Date.now());
    });
  });

  it('answers 504 and keeps the order CREATING when DOKU does not answer in time', async () => {
    s.simulator.setEndpointFault('generate', { timeoutRate: 1, times: 3 });
    const res = await http('POST', `${url}/v1/orders`, {
      key: TEST_SERVICE_KEY,
      body: { merchantReference: 'INV-timeout', amount: 1000, currency: 'IDR' },
      headers: { 'Idempotency-Key': 'k-timeout' },
    });
    s.simulator.resetFaults();
    expect(res.status).toBe(504);
    expect(res.body).toMatchObject({
      code: 'GATEWAY_TIMEOUT',
      details: { order: { status: 'CREATING' } },
    });
    expect(res.body.message).toMatch(/resolved automatically/);
    expect((await getOrder(res.body.details.order.id)).status).toBe('CREATING');
  });
});
