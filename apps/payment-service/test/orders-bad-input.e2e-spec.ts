import { startTestApp, TEST_SERVICE_KEY, type TestApp } from '../../../test/support/app.js';
import { http } from '../../../test/support/http.js';

// Every class of bad input gets a 4xx with a stable code and a message a person can act
// on, and writes nothing. DOKU is never reached (the test app points it at a closed port).
describe('orders API: bad input', () => {
  let t: TestApp;
  const valid = { merchantReference: 'INV-bad', amount: 1_000_000, currency: 'IDR' };

  beforeAll(async () => {
    t = await startTestApp({ label: 'orders_bad' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const rowCounts = async () => {
    const [r] = await t.dataSource.query(
      'SELECT (SELECT count(*) FROM orders)::int AS orders, (SELECT count(*) FROM idempotency_keys)::int AS keys, (SELECT count(*) FROM order_events)::int AS events',
    );
    return r as { orders: number; keys: number; events: number };
  };
  const post = (
    body: unknown,
    headers: Record<string, string> = { 'Idempotency-Key': `k-${Math.random()}` },
  ) => http('POST', `${t.url}/v1/orders`, { key: TEST_SERVICE_KEY, body, headers });

  async function expectRefused(
    res: Promise<Awaited<ReturnType<typeof http>>>,
    status: number,
    code: string,
    message: RegExp,
  ) {
    const before = await rowCounts();
    const r = await res;
    expect({ status: r.status, code: r.body?.code }).toEqual({ status, code });
    expect(r.body.message).toMatch(message);
    expect(r.body.requestId).toBe(r.headers.get('x-request-id'));
    expect(await rowCounts()).toEqual(before);
  }

  it('refuses a missing Idempotency-Key', () =>
    expectRefused(
      post(valid, {}),
      400,
      'IDEMPOTENCY_KEY_MISSING',
      /Send an Idempotency-Key header/,
    ));
  it('refuses an empty Idempotency-Key', () =>
    expectRefused(
      post(valid, { 'Idempotency-Key': '' }),
      400,
      'IDEMPOTENCY_KEY_MISSING',
      /Idempotency-Key/,
    ));
  it('refuses an Idempotency-Key of 256 characters', () =>
    expectRefused(
      post(valid, { 'Idempotency-Key': 'k'.repeat(256) }),
      400,
      'IDEMPOTENCY_KEY_INVALID',
      /1 to 255/,
    ));

  it('refuses a missing amount', () =>
    expectRefused(
      post({ ...valid, amount: undefined }),
      400,
      'VALIDATION_FAILED',
      /amount must be an integer number of minor units/,
    ));
  it('refuses a zero amount', () =>
    expectRefused(
      post({ ...valid, amount: 0 }),
      400,
      'VALIDATION_FAILED',
      /amount must be greater than zero/,
    ));
  it('refuses a negative amount', () =>
    expectRefused(
      post({ ...valid, amount: -100 }),
      400,
      'VALIDATION_FAILED',
      /amount must be greater than zero/,
    ));
  it('refuses a fractional amount', () =>
    expectRefused(
      post({ ...valid, amount: 1000.5 }),
      400,
      'VALIDATION_FAILED',
      /amount must be an integer number of minor units \(sen\)/,
    ));
  it('refuses an amount sent as a string', () =>
    expectRefused(
      post({ ...valid, amount: '1000000' }),
      400,
      'VALIDATION_FAILED',
      /amount must be an integer/,
    ));
  it('refuses an amount above the maximum', () =>
    expectRefused(
      post({ ...valid, amount: 1_000_000_001 }),
      400,
      'AMOUNT_TOO_LARGE',
      /above the maximum of 1000000000 minor units/,
    ));

  it('refuses an unsupported currency', () =>
    expectRefused(
      post({ ...valid, currency: 'USD' }),
      400,
      'VALIDATION_FAILED',
      /currency must be IDR/,
    ));
  it('refuses an unknown field', () =>
    expectRefused(
      post({ ...valid, tip: 5 }),
      400,
      'VALIDATION_FAILED',
      /property tip should not exist/,
    ));
  it('refuses oversized metadata', () =>
    expectRefused(
      post({ ...valid, metadata: { blob: 'x'.repeat(5000) } }),
      400,
      'VALIDATION_FAILED',
      /metadata must be a flat JSON object .* at most 4096 bytes/,
    ));
  it('refuses nested metadata', () =>
    expectRefused(
      post({ ...valid, metadata: { a: { b: 1 } } }),
      400,
      'VALIDATION_FAILED',
      /metadata must be a flat JSON object/,
    ));
  it('refuses an expiry beyond the maximum', () =>
    expectRefused(
      post({ ...valid, expiresInSeconds: 999_999 }),
      400,
      'EXPIRY_TOO_LONG',
      /at most 86400/,
    ));
  it('refuses a terminal id that DOKU would reject', () =>
    expectRefused(
      post({ ...valid, terminalId: 'ab' }),
      400,
      'VALIDATION_FAILED',
      /terminalId must be 3 to 16 letters or digits/,
    ));

  it('refuses malformed JSON with 400, never 500', () =>
    expectRefused(
      http('POST', `${t.url}/v1/orders`, {
        key: TEST_SERVICE_KEY,
        raw: '{"amount": 10,',
        headers: { 'content-type': 'application/json', 'Idempotency-Key': 'k-json' },
      }),
      400,
      'MALFORMED_JSON',
      /not valid JSON/,
    ));
  it('refuses a body that is not JSON', () =>
    expectRefused(
      http('POST', `${t.url}/v1/orders`, {
        key: TEST_SERVICE_KEY,
        raw: 'amount=10',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'Idempotency-Key': 'k-form',
        },
      }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      /application\/json/,
    ));
  it('refuses a JSON array body', () =>
    expectRefused(post([valid]), 400, 'VALIDATION_FAILED', /request is invalid/));

  it('answers 404 for an unknown order id', () =>
    expectRefused(
      http('GET', `${t.url}/v1/orders/ord_000000000000000000000000`, { key: TEST_SERVICE_KEY }),
      404,
      'ORDER_NOT_FOUND',
      /No order ord_0+/,
    ));
  it('answers 400 for a malformed order id', () =>
    expectRefused(
      http('GET', `${t.url}/v1/orders/12345`, { key: TEST_SERVICE_KEY }),
      400,
      'INVALID_ORDER_ID',
      /is not an order id/,
    ));
  it('answers 400 for a tampered cursor', () =>
    expectRefused(
      http('GET', `${t.url}/v1/orders?cursor=WyIyMDI2LTAxLTAxIiwib3JkX3gi.AAAAAAAAAAAAAAAAAAAAAA`, {
        key: TEST_SERVICE_KEY,
      }),
      400,
      'INVALID_CURSOR',
      /Start again without a cursor/,
    ));
  it('answers 400 for a bad list filter', () =>
    expectRefused(
      http('GET', `${t.url}/v1/orders?status=LOST&limit=0`, { key: TEST_SERVICE_KEY }),
      400,
      'VALIDATION_FAILED',
      /status must be one of/,
    ));
  it('answers 401 without an API key', () =>
    expectRefused(
      http('POST', `${t.url}/v1/orders`, {
        body: valid,
        headers: { 'Idempotency-Key': 'k-nokey' },
      }),
      401,
      'API_KEY_MISSING',
      /Authorization: Bearer/,
    ));
});
