import { randomUUID } from 'node:crypto';
import { SNAP_PATHS } from '#doku-snap';
import { TEST_ADMIN_KEY, TEST_SERVICE_KEY } from '../../../test/support/app.js';
import { http, type HttpResult } from '../../../test/support/http.js';
import { startStack, type Stack } from '../../../test/support/stack.js';
import { MAX_BODY_DEPTH } from '../src/common/validation/body-depth.js';
import { adminOrder, createOrder, dokuRefunds, paidOrder } from './refunds.support.js';
import { STATIC_QR } from './qris.support.js';

/** `{"<field>": [[[ ... ]]]}` with `depth` levels in all (the outer object is one). */
const deepBody = (field: string, depth: number) =>
  `{"${field}":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

/**
 * Hostile input is refused before any side effect: a body nested thousands of levels deep
 * (which overflowed class-transformer's stack: 500) and text PostgreSQL cannot store (NUL,
 * lone surrogates: 500 from the database, after DOKU had been called for a cancel). Each is a
 * 4xx with a code and a message naming the field or the limit, and writes nothing.
 */
describe('hostile input is refused before anything is written or sent to DOKU', () => {
  let s: Stack;
  let url: string;

  beforeAll(async () => {
    s = await startStack({ label: 'hostile_input', env: { DOKU_TIMEOUT_MS: '1000' } });
    url = s.service.url;
  });
  afterAll(() => s?.close());

  const rowCounts = async () => {
    const [r] = await s.service.dataSource.query(
      `SELECT (SELECT count(*) FROM orders)::int AS orders,
              (SELECT count(*) FROM order_events)::int AS events,
              (SELECT count(*) FROM refunds)::int AS refunds,
              (SELECT count(*) FROM qris_payments)::int AS payments,
              (SELECT count(*) FROM idempotency_keys)::int AS keys,
              (SELECT count(*) FROM webhook_events)::int AS webhooks`,
    );
    return r as Record<string, number>;
  };

  /** Sends the request, expects the refusal, and checks that no row was written. */
  async function expectRefused(
    send: () => Promise<HttpResult>,
    status: number,
    code: string,
    message: RegExp,
  ): Promise<HttpResult> {
    const before = await rowCounts();
    const res = await send();
    expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
    expect(res.body.message).toMatch(message);
    expect(res.body.requestId).toBe(res.headers.get('x-request-id'));
    expect(await rowCounts()).toEqual(before);
    return res;
  }

  const post = (path: string, body: unknown, key = TEST_SERVICE_KEY) =>
    http('POST', `${url}${path}`, { key, body, headers: { 'Idempotency-Key': randomUUID() } });
  const postRaw = (path: string, raw: string, key = TEST_SERVICE_KEY) =>
    http('POST', `${url}${path}`, {
      key,
      raw,
      headers: { 'content-type': 'application/json', 'Idempotency-Key': randomUUID() },
    });
  const order = { merchantReference: 'INV-hostile', amount: 1_000_000, currency: 'IDR' };
  const nulProblem = /contains the NUL character \(U\+0000\)/;

  describe(`a body nested more than ${MAX_BODY_DEPTH} levels deep`, () => {
    it('is refused on POST /v1/qris/payments (1,400 levels: a 500 before) with BODY_TOO_DEEP', async () => {
      const res = await expectRefused(
        () => postRaw('/v1/qris/payments', deepBody('qrContent', 1400)),
        400,
        'BODY_TOO_DEEP',
        new RegExp(`more than ${MAX_BODY_DEPTH} levels deep`),
      );
      expect(res.body.details).toEqual({ maxDepth: MAX_BODY_DEPTH });
      expect(s.simulator.ledger().foreignPayments).toEqual([]);
    });

    it('is refused on POST /v1/orders and on an admin refund', async () => {
      await expectRefused(
        () => postRaw('/v1/orders', deepBody('metadata', 1400)),
        400,
        'BODY_TOO_DEEP',
        /levels deep/,
      );
      const paid = await paidOrder(s, 10_000);
      await expectRefused(
        () =>
          postRaw(`/admin/v1/orders/${paid.id}/refunds`, deepBody('reason', 1400), TEST_ADMIN_KEY),
        400,
        'BODY_TOO_DEEP',
        /levels deep/,
      );
      expect(dokuRefunds(s, paid)).toEqual([]);
    });

    it(`is refused one level past the limit; ${MAX_BODY_DEPTH} levels reach validation`, async () => {
      await expectRefused(
        () => postRaw('/v1/orders', deepBody('metadata', MAX_BODY_DEPTH + 1)),
        400,
        'BODY_TOO_DEEP',
        /levels deep/,
      );
      await expectRefused(
        () => postRaw('/v1/orders', deepBody('metadata', MAX_BODY_DEPTH)),
        400,
        'VALIDATION_FAILED',
        /metadata must be a flat JSON object/,
      );
    });

    it("is refused on DOKU's notify route in SNAP's shape", async () => {
      const before = await rowCounts();
      const res = await http('POST', `${url}${SNAP_PATHS.notify}`, {
        raw: deepBody('originalPartnerReferenceNo', 1400),
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        responseCode: '4005201',
        responseMessage: expect.stringMatching(/^Invalid Field Format: .*levels deep/),
      });
      expect(await rowCounts()).toEqual(before);
    });
  });

  describe('a NUL character in a string that would be stored', () => {
    it('is refused in an order description, naming the field', async () => {
      const res = await expectRefused(
        () => post('/v1/orders', { ...order, description: 'Order\u0000#1' }),
        400,
        'VALIDATION_FAILED',
        /description contains the NUL character \(U\+0000\).*remove it/,
      );
      expect(res.body.details).toEqual([
        { field: 'description', problems: [expect.stringMatching(nulProblem)] },
      ]);
    });

    it('is refused in a metadata value and in a metadata key', async () => {
      const value = await expectRefused(
        () => post('/v1/orders', { ...order, metadata: { cartId: 'c\u000042' } }),
        400,
        'VALIDATION_FAILED',
        /metadata\.cartId contains the NUL character/,
      );
      expect(value.body.details[0].field).toBe('metadata.cartId');
      const key = await expectRefused(
        () => post('/v1/orders', { ...order, metadata: { 'cart\u0000Id': 'c42' } }),
        400,
        'VALIDATION_FAILED',
        /metadata has a key that contains the NUL character/,
      );
      expect(key.body.details[0].field).toBe('metadata');
    });

    it('is refused in the fields of a QRIS payment, before DOKU is asked', async () => {
      await expectRefused(
        () =>
          post('/v1/qris/payments', {
            qrContent: STATIC_QR,
            amount: 1_000,
            authCode: `auth-${randomUUID()}\u0000`,
          }),
        400,
        'VALIDATION_FAILED',
        /authCode contains the NUL character/,
      );
      await expectRefused(
        () => post('/v1/qris/payments', { qrContent: `${STATIC_QR}\u0000`, amount: 1_000 }),
        400,
        'VALIDATION_FAILED',
        /qrContent contains the NUL character/,
      );
      expect(s.simulator.ledger().foreignPayments).toEqual([]);
    });

    it('is refused in a refund reason: no refund row, no refund at DOKU', async () => {
      const paid = await paidOrder(s, 10_000);
      await expectRefused(
        () =>
          post(
            `/admin/v1/orders/${paid.id}/refunds`,
            { amount: 1_000, reason: 'oops\u0000' },
            TEST_ADMIN_KEY,
          ),
        400,
        'VALIDATION_FAILED',
        /reason contains the NUL character/,
      );
      expect(dokuRefunds(s, paid)).toEqual([]);
    });

    it('is refused in an admin cancel reason: DOKU is never asked and the order stays PENDING', async () => {
      const pending = await createOrder(s);
      await expectRefused(
        () =>
          http('POST', `${url}/admin/v1/orders/${pending.id}/cancel`, {
            key: TEST_ADMIN_KEY,
            body: { reason: 'Customer\u0000left' },
          }),
        400,
        'VALIDATION_FAILED',
        /reason contains the NUL character/,
      );
      expect(s.simulator.transaction(pending.doku.referenceNo)!.status).not.toBe('cancelled');
      expect((await adminOrder(s, pending.id)).status).toBe('PENDING');
    });

    it('is refused in a webhook resend reason', () =>
      expectRefused(
        () =>
          http('POST', `${url}/admin/v1/webhook-deliveries/whd_000000000000000000000000/resend`, {
            key: TEST_ADMIN_KEY,
            body: { reason: 'again\u0000' },
          }),
        400,
        'VALIDATION_FAILED',
        /reason contains the NUL character/,
      ));
  });

  describe('a NUL character in a query filter', () => {
    it.each([
      ['/v1/orders?merchantReference=INV%00x', TEST_SERVICE_KEY, 'merchantReference'],
      ['/admin/v1/orders?merchantReference=%00', TEST_ADMIN_KEY, 'merchantReference'],
      ['/admin/v1/orders?referenceNo=A%00B', TEST_ADMIN_KEY, 'referenceNo'],
      ['/v1/orders?cursor=%00', TEST_SERVICE_KEY, 'cursor'],
    ])('GET %s is refused, naming the filter', async (path, key, field) => {
      const res = await expectRefused(
        () => http('GET', `${url}${path}`, { key }),
        400,
        'VALIDATION_FAILED',
        new RegExp(`${field} contains the NUL character`),
      );
      expect(res.body.details[0].field).toBe(field);
    });
  });

  it.each([
    ['GET', '/v1/orders/ord_%00', 'INVALID_ORDER_ID'],
    ['POST', '/admin/v1/orders/ord_%00/refunds', 'INVALID_ORDER_ID'],
    ['GET', '/v1/qris/payments/qrp_%00', 'INVALID_PAYMENT_ID'],
  ])('a NUL character in a path id: %s %s is refused as a malformed id', (method, path, code) =>
    expectRefused(
      () =>
        http(method, `${url}${path}`, {
          key: path.startsWith('/admin') ? TEST_ADMIN_KEY : TEST_SERVICE_KEY,
          ...(method === 'POST'
            ? { body: { amount: 1, reason: 'x' }, headers: { 'Idempotency-Key': randomUUID() } }
            : {}),
        }),
      400,
      code,
      /is not a/,
    ),
  );

  describe('a lone UTF-16 surrogate (not Unicode: PostgreSQL cannot store it as sent)', () => {
    it('is refused in a metadata value (jsonb refused it: a 500 before)', () =>
      expectRefused(
        () => postRaw('/v1/orders', JSON.stringify({ ...order, metadata: { note: '\ud800' } })),
        400,
        'VALIDATION_FAILED',
        /metadata\.note contains a lone UTF-16 surrogate/,
      ));

    it('is refused in a description (text stored U+FFFD in its place before)', () =>
      expectRefused(
        () =>
          postRaw(
            '/v1/orders',
            '{"merchantReference":"INV-1","amount":1000,"currency":"IDR","description":"a\\udc00b"}',
          ),
        400,
        'VALIDATION_FAILED',
        /description contains a lone UTF-16 surrogate/,
      ));

    it('accepts a well-formed pair and other non-ASCII text', async () => {
      const res = await post('/v1/orders', { ...order, description: 'Kopi ☕ 😀 café' });
      expect(res.status).toBe(201);
      expect(res.body.description).toBe('Kopi ☕ 😀 café');
    });
  });
});
