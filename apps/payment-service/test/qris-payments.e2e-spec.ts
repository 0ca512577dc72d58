import { randomUUID } from 'node:crypto';
import { TEST_ADMIN_KEY, TEST_SERVICE_KEY } from '../../../test/support/app.js';
import { http } from '../../../test/support/http.js';
import { startStack, type Stack } from '../../../test/support/stack.js';
import { createOrder } from './refunds.support.js';
import { BROKEN_CRC, DOKU_SAMPLE, STATIC_QR } from './qris.support.js';

describe('POST /v1/qris/payments: qr-mpm-payment (b2b2c) with the customer’s token', () => {
  let s: Stack;
  let url: string;

  beforeAll(async () => {
    s = await startStack({ label: 'qris_pay', env: { DOKU_TIMEOUT_MS: '500' } });
    url = s.service.url;
  });
  afterAll(() => s?.close());
  afterEach(() => s.simulator.resetFaults());

  const pay = (
    body: unknown,
    idempotencyKey: string | null = randomUUID(),
    key = TEST_SERVICE_KEY,
  ) =>
    http('POST', `${url}/v1/qris/payments`, {
      key,
      body,
      headers: idempotencyKey === null ? {} : { 'Idempotency-Key': idempotencyKey },
    });
  /** The customer's token, the documented way: an authCode exchanged at DOKU. */
  const customerToken = async () => {
    const res = await http('POST', `${url}/v1/qris/customer-tokens`, {
      key: TEST_SERVICE_KEY,
      body: { authCode: `auth-${randomUUID()}` },
    });
    expect(res.status).toBe(200);
    return res.body as { accessToken: string; refreshToken: string };
  };
  const paymentRows = async () =>
    Number((await s.service.dataSource.query('SELECT count(*)::int AS n FROM qris_payments'))[0].n);
  const foreignPayments = () => s.simulator.ledger().foreignPayments;

  it('issues a customer token for an authCode, renews it with the refresh token, and stores neither', async () => {
    const token = await customerToken();
    expect(token.accessToken).toBeTruthy();
    expect(token.refreshToken).toBeTruthy();
    const renewed = await http('POST', `${url}/v1/qris/customer-tokens`, {
      key: TEST_SERVICE_KEY,
      body: { refreshToken: token.refreshToken },
    });
    expect(renewed.status).toBe(200);
    expect(renewed.headers.get('cache-control')).toBe('no-store');
    expect(renewed.body.accessToken).not.toBe(token.accessToken);
    const reused = await http('POST', `${url}/v1/qris/customer-tokens`, {
      key: TEST_SERVICE_KEY,
      body: { refreshToken: token.refreshToken },
    });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('CUSTOMER_AUTH_FAILED');
    expect(reused.body.message).toMatch(/single use/);
    const both = await http('POST', `${url}/v1/qris/customer-tokens`, {
      key: TEST_SERVICE_KEY,
      body: { authCode: 'a', refreshToken: 'b' },
    });
    expect(both.status).toBe(400);
    expect(both.body.code).toBe('CUSTOMER_GRANT_REQUIRED');
  });

  it('pays one of our own orders’ QR with a customer token: SUCCEEDED, and the order becomes PAID', async () => {
    const order = await createOrder(s, 75_000);
    const qr = (await http('GET', `${url}/v1/orders/${order.id}`, { key: TEST_SERVICE_KEY })).body
      .qrContent as string;
    const { accessToken } = await customerToken();
    const res = await pay({ qrContent: qr, customerAccessToken: accessToken });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'SUCCEEDED',
      amount: 75_000,
      currency: 'IDR',
      merchantName: 'Toko Test',
      failure: null,
    });
    expect(res.body.id).toMatch(/^qrp_/);
    expect(res.body.approvalCode).toBeTruthy();
    expect(res.body.doku.referenceNo).toBeTruthy();
    expect(s.simulator.transaction(order.doku.referenceNo)!.payment).toMatchObject({
      channel: 'b2b2c',
      amountMinor: 75_000,
    });
    await s.simulator.notificationsIdle();
    const paid = await http('GET', `${url}/v1/orders/${order.id}`, { key: TEST_SERVICE_KEY });
    expect(paid.body.status).toBe('PAID');

    const detail = await http('GET', `${url}/v1/qris/payments/${res.body.id}`, {
      key: TEST_SERVICE_KEY,
    });
    expect(detail.status).toBe(200);
    expect(detail.body.events.map((e: { type: string }) => e.type)).toEqual([
      'payment.created',
      'payment.succeeded',
    ]);
    expect(JSON.stringify(detail.body)).not.toContain(accessToken);
  });

  it('pays a static QR of another merchant for the amount given', async () => {
    const { accessToken } = await customerToken();
    const before = foreignPayments().length;
    const res = await pay({
      qrContent: STATIC_QR,
      amount: 12_345,
      customerAccessToken: accessToken,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'SUCCEEDED',
      amount: 12_345,
      merchantName: 'Green Pages',
    });
    expect(foreignPayments()).toHaveLength(before + 1);
    expect(foreignPayments().at(-1)).toMatchObject({
      amountMinor: 12_345,
      merchantName: 'Green Pages',
    });
  });

  it('pays with a one-time authCode instead of a token, and refuses the code the second time', async () => {
    const authCode = `auth-${randomUUID()}`;
    const first = await pay({ qrContent: STATIC_QR, amount: 1_000, authCode });
    expect(first.status).toBe(201);
    const again = await pay({ qrContent: STATIC_QR, amount: 1_000, authCode });
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('CUSTOMER_AUTH_FAILED');
    expect(again.body.message).toMatch(/Nothing was charged/);
    expect(again.body.details.payment.status).toBe('FAILED');
  });

  it('replays the same answer for the same Idempotency-Key and pays once', async () => {
    const { accessToken } = await customerToken();
    const key = randomUUID();
    const before = foreignPayments().length;
    const body = { qrContent: DOKU_SAMPLE, customerAccessToken: accessToken };
    const first = await pay(body, key);
    const replay = await pay(body, key);
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(foreignPayments()).toHaveLength(before + 1);
    // A fresh token on the replay is the same request: the credential is not part of it.
    const fresh = await customerToken();
    const withNewToken = await pay({ ...body, customerAccessToken: fresh.accessToken }, key);
    expect(withNewToken.body.id).toBe(first.body.id);
    const otherBody = await pay({ ...body, qrContent: STATIC_QR, amount: 1 }, key);
    expect(otherBody.status).toBe(409);
    expect(otherBody.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(foreignPayments()).toHaveLength(before + 1);
  });

  it('refuses a bad customer token: 422 CUSTOMER_TOKEN_INVALID, FAILED, nobody charged', async () => {
    const before = foreignPayments().length;
    const res = await pay({ qrContent: DOKU_SAMPLE, customerAccessToken: 'not-a-real-token' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('CUSTOMER_TOKEN_INVALID');
    expect(res.body.message).toMatch(/Get a new one/);
    expect(res.body.details.payment).toMatchObject({
      status: 'FAILED',
      failure: { code: 'CUSTOMER_TOKEN_INVALID' },
    });
    expect(foreignPayments()).toHaveLength(before);
  });

  it('answers 504 when DOKU’s answer is lost, and the same key later gets DOKU’s answer without paying twice', async () => {
    const { accessToken } = await customerToken();
    const key = randomUUID();
    const before = foreignPayments().length;
    s.simulator.setEndpointFault('payment', { timeoutRate: 1, afterProcessing: true, times: 1 });
    const body = { qrContent: STATIC_QR, amount: 4_200, customerAccessToken: accessToken };
    const lost = await pay(body, key);
    expect(lost.status).toBe(504);
    expect(lost.body.code).toBe('PAYMENT_OUTCOME_UNKNOWN');
    expect(lost.body.details.payment.status).toBe('UNKNOWN');
    expect(foreignPayments()).toHaveLength(before + 1);

    const resolved = await pay(body, key);
    expect(resolved.status).toBe(201);
    expect(resolved.body).toMatchObject({ id: lost.body.details.payment.id, status: 'SUCCEEDED' });
    expect(foreignPayments()).toHaveLength(before + 1);
  });

  // The "after unknown" rows: once DOKU may have charged, a replay that meets a 401, 429,
  // 5xx, a timeout or a refused connection keeps the payment UNKNOWN (never "pay again").
  it.each([
    ['401 (credentials refused)', { errorRate: 1, errorStatus: 401, errorResponseCode: '4015000' }],
    [
      '401 invalid customer token',
      { errorRate: 1, errorStatus: 401, errorResponseCode: '4015002' },
    ],
    ['429', { errorRate: 1, errorStatus: 429, errorResponseCode: '4295000' }],
    ['500', { errorRate: 1, errorStatus: 500, errorResponseCode: '5005001' }],
    ['a fresh refusal', { errorRate: 1, errorStatus: 403, errorResponseCode: '4035015' }],
    ['another timeout', { timeoutRate: 1 }],
  ])(
    'keeps a charged payment UNKNOWN when the replay after a lost answer meets %s, then settles on DOKU’s answer',
    async (_name, fault) => {
      const { accessToken } = await customerToken();
      const key = randomUUID();
      const before = foreignPayments().length;
      s.simulator.setEndpointFault('payment', { timeoutRate: 1, afterProcessing: true, times: 1 });
      const body = { qrContent: STATIC_QR, amount: 7_700, customerAccessToken: accessToken };
      const lost = await pay(body, key);
      expect(lost.status).toBe(504);
      expect(foreignPayments()).toHaveLength(before + 1); // DOKU charged the customer

      s.simulator.setEndpointFault('payment', fault);
      const replay = await pay(body, key);
      expect(replay.status).toBe(504);
      expect(replay.body.code).toBe('PAYMENT_OUTCOME_UNKNOWN');
      expect(replay.body.message).toMatch(/Do not pay again with a new Idempotency-Key/);
      expect(replay.body.message).not.toMatch(/Nothing was charged/);
      expect(replay.body.details.payment.status).toBe('UNKNOWN');

      s.simulator.resetFaults();
      const resolved = await pay(body, key);
      expect(resolved.status).toBe(201);
      expect(resolved.body).toMatchObject({
        id: lost.body.details.payment.id,
        status: 'SUCCEEDED',
      });
      expect(foreignPayments()).toHaveLength(before + 1);
    },
  );

  it('still fails a payment DOKU refused outright on its first attempt (nothing was charged)', async () => {
    const { accessToken } = await customerToken();
    const before = foreignPayments().length;
    s.simulator.setEndpointFault('payment', {
      errorRate: 1,
      errorStatus: 403,
      errorResponseCode: '4035015',
      times: 1,
    });
    const res = await pay({
      qrContent: STATIC_QR,
      amount: 1_100,
      customerAccessToken: accessToken,
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('PAYMENT_DECLINED');
    expect(res.body.details.payment.status).toBe('FAILED');
    expect(foreignPayments()).toHaveLength(before);
  });

  it.each([
    ['a broken QR', { qrContent: BROKEN_CRC, customerAccessToken: 't' }, 422, 'QR_INVALID', /CRC/],
    [
      'a static QR without an amount',
      { qrContent: STATIC_QR, customerAccessToken: 't' },
      422,
      'AMOUNT_REQUIRED',
      /send amount/,
    ],
    [
      'another amount than a dynamic QR’s',
      { qrContent: DOKU_SAMPLE, amount: 5, customerAccessToken: 't' },
      422,
      'AMOUNT_MISMATCH',
      /send amount 120025/,
    ],
    [
      'no customer credential',
      { qrContent: DOKU_SAMPLE },
      400,
      'CUSTOMER_CREDENTIAL_REQUIRED',
      /customerAccessToken/,
    ],
    [
      'both credentials',
      { qrContent: DOKU_SAMPLE, customerAccessToken: 't', authCode: 'a' },
      400,
      'CUSTOMER_CREDENTIAL_REQUIRED',
      /not both/,
    ],
    [
      'a fractional amount',
      { qrContent: STATIC_QR, amount: 1.5, customerAccessToken: 't' },
      400,
      'VALIDATION_FAILED',
      /whole number/,
    ],
  ])('refuses %s without writing a payment', async (_, body, status, code, message) => {
    const before = await paymentRows();
    const res = await pay(body);
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(res.body.message).toMatch(message);
    expect(await paymentRows()).toBe(before);
  });

  it('needs an Idempotency-Key and a service key', async () => {
    const body = { qrContent: STATIC_QR, amount: 1, customerAccessToken: 't' };
    const noKey = await pay(body, null);
    expect(noKey.status).toBe(400);
    expect(noKey.body.code).toBe('IDEMPOTENCY_KEY_MISSING');
    const admin = await pay(body, randomUUID(), TEST_ADMIN_KEY);
    expect(admin.status).toBe(403);
    expect(admin.body.code).toBe('SERVICE_KEY_REQUIRED');
  });

  it('answers 404 for an unknown payment and 400 for a malformed id', async () => {
    const unknown = await http('GET', `${url}/v1/qris/payments/qrp_000000000000000000000000`, {
      key: TEST_SERVICE_KEY,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('PAYMENT_NOT_FOUND');
    const bad = await http('GET', `${url}/v1/qris/payments/x`, { key: TEST_SERVICE_KEY });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_PAYMENT_ID');
  });
});
