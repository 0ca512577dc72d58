import { TEST_SERVICE_KEY } from '../../../test/support/app.js';
import { http } from '../../../test/support/http.js';
import { startStack, type Stack } from '../../../test/support/stack.js';
import { OrderTransitions } from '../src/orders/order-transitions.js';
import {
  createOrder,
  dokuRefunds,
  paidOrder,
  refund,
  refundRows,
  type CreatedOrder,
} from './refunds.support.js';

/**
 * One test per class of bad refund request: each is a 4xx with a stable code and a message
 * a person can act on, and none writes a refund row or reaches DOKU.
 */
describe('refunds: bad input is refused before anything is written', () => {
  let s: Stack;
  let paid: CreatedOrder;

  beforeAll(async () => {
    s = await startStack({ label: 'refunds_bad', env: { DOKU_TIMEOUT_MS: '1000' } });
    paid = await paidOrder(s, 1_000_000);
  });
  afterAll(() => s?.close());

  const refused = async (
    order: CreatedOrder,
    res: Awaited<ReturnType<typeof refund>>,
    status: number,
    code: string,
    message: RegExp,
  ) => {
    expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
    expect(res.body.message).toMatch(message);
    expect(res.body.requestId).toBeTruthy();
    expect(await refundRows(s, order.id)).toEqual([]);
    expect(dokuRefunds(s, order)).toEqual([]);
  };

  it('refuses an amount above what was paid', async () => {
    const res = await refund(s, paid.id, { amount: 1_000_001, reason: 'too much' });
    await refused(paid, res, 422, 'REFUND_EXCEEDS_PAID_AMOUNT', /Refund at most 1000000/);
    expect(res.body.details).toMatchObject({ requested: 1_000_001, refundableAmount: 1_000_000 });
  });

  it('does not burn the Idempotency-Key of a refused request: the corrected request goes through', async () => {
    const order = await paidOrder(s, 5_000);
    const key = 'refund-corrected-after-refusal';
    const refusedRes = await refund(
      s,
      order.id,
      { amount: 5_001, reason: 'typo' },
      { idempotencyKey: key },
    );
    expect(refusedRes.status).toBe(422);
    expect(await refundRows(s, order.id)).toEqual([]);
    const fixed = await refund(
      s,
      order.id,
      { amount: 5_000, reason: 'typo' },
      { idempotencyKey: key },
    );
    expect(fixed.status).toBe(201);
    expect(dokuRefunds(s, order)).toHaveLength(1);
  });

  it('refuses an unpaid (PENDING) order, pointing at cancel', async () => {
    const order = await createOrder(s);
    const res = await refund(s, order.id, { amount: 1, reason: 'unpaid' });
    await refused(order, res, 409, 'ORDER_NOT_REFUNDABLE', /nothing has been paid yet.*Cancel/);
    expect(res.body.details).toEqual({ status: 'PENDING' });
  });

  it('refuses a cancelled order', async () => {
    const order = await createOrder(s);
    const cancelled = await http('POST', `${s.service.url}/v1/orders/${order.id}/cancel`, {
      key: TEST_SERVICE_KEY,
    });
    expect(cancelled.body.status).toBe('CANCELLED');
    const res = await refund(s, order.id, { amount: 1, reason: 'cancelled' });
    await refused(order, res, 409, 'ORDER_NOT_REFUNDABLE', /CANCELLED and was never paid/);
  });

  it('refuses an expired order', async () => {
    const order = await createOrder(s);
    // As the reconciler does when the QR's validity passed unpaid.
    const expired = await s.service.app
      .get(OrderTransitions)
      .apply(order.id, 'EXPIRED', { source: 'reconciler', actor: 'test' });
    expect(expired.applied).toBe(true);
    const res = await refund(s, order.id, { amount: 1, reason: 'expired' });
    await refused(order, res, 409, 'ORDER_NOT_REFUNDABLE', /EXPIRED and was never paid/);
  });

  it('refuses a zero amount', async () => {
    const res = await refund(s, paid.id, { amount: 0, reason: 'zero' });
    await refused(paid, res, 400, 'VALIDATION_FAILED', /amount must be greater than zero/);
  });

  it('refuses a negative amount', async () => {
    const res = await refund(s, paid.id, { amount: -100, reason: 'negative' });
    await refused(paid, res, 400, 'VALIDATION_FAILED', /amount must be greater than zero/);
  });

  it('refuses a fractional amount, explaining minor units', async () => {
    const res = await refund(s, paid.id, { amount: 100.5, reason: 'fraction' });
    await refused(paid, res, 400, 'VALIDATION_FAILED', /whole number of minor units \(sen\)/);
  });

  it('refuses an amount sent as a string', async () => {
    const res = await refund(s, paid.id, { amount: '100', reason: 'string' });
    await refused(paid, res, 400, 'VALIDATION_FAILED', /whole number of minor units/);
  });

  it('refuses a missing reason', async () => {
    const res = await refund(s, paid.id, { amount: 100 });
    await refused(paid, res, 400, 'VALIDATION_FAILED', /reason is required/);
  });

  it('refuses an empty reason', async () => {
    const res = await refund(s, paid.id, { amount: 100, reason: '' });
    await refused(paid, res, 400, 'VALIDATION_FAILED', /reason is required/);
  });

  it('refuses a reason longer than 256 characters', async () => {
    const res = await refund(s, paid.id, { amount: 100, reason: 'x'.repeat(257) });
    await refused(paid, res, 400, 'VALIDATION_FAILED', /reason must be at most 256 characters/);
  });

  it('accepts a reason of exactly 256 characters (the boundary)', async () => {
    const order = await paidOrder(s, 1_000);
    const res = await refund(s, order.id, { amount: 1_000, reason: 'y'.repeat(256) });
    expect(res.status).toBe(201);
  });

  it('refuses a request without an Idempotency-Key', async () => {
    const res = await refund(
      s,
      paid.id,
      { amount: 100, reason: 'no key' },
      { idempotencyKey: null },
    );
    await refused(paid, res, 400, 'IDEMPOTENCY_KEY_MISSING', /Send an Idempotency-Key header/);
  });

  it('refuses a service key on the admin route (403)', async () => {
    const res = await refund(
      s,
      paid.id,
      { amount: 100, reason: 'shop' },
      { key: TEST_SERVICE_KEY },
    );
    await refused(paid, res, 403, 'ADMIN_KEY_REQUIRED', /needs an admin API key/);
  });

  it('refuses a request without an API key (401)', async () => {
    const res = await refund(s, paid.id, { amount: 100, reason: 'anon' }, { key: null });
    await refused(paid, res, 401, 'API_KEY_MISSING', /Authorization: Bearer/);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('refuses an unknown order (404) and a malformed order id (400)', async () => {
    const unknown = await refund(s, 'ord_000000000000000000000000', { amount: 1, reason: 'x' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('ORDER_NOT_FOUND');
    const malformed = await refund(s, 'not-an-id', { amount: 1, reason: 'x' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('INVALID_ORDER_ID');
    const [{ n }] = await s.service.dataSource.query('SELECT count(*)::int AS n FROM refunds');
    expect(n).toBe(2); // the corrected request and the 256-character boundary refund above
  });
});
