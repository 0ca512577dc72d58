// HTTP conventions a shop expects: every 201 says where the created resource is
// (`Location`, the URL of its GET route), and an answer given for an Idempotency-Key
// already seen says so (`Idempotent-Replayed: true`), so a client knows nothing new was made.
import { randomUUID } from 'node:crypto';
import { TEST_ADMIN_KEY, TEST_SERVICE_KEY } from '../../../test/support/app.js';
import { http, type HttpResult } from '../../../test/support/http.js';
import { startStack, type Stack } from '../../../test/support/stack.js';
import { STATIC_QR } from './qris.support.js';
import { paidOrder, refund } from './refunds.support.js';

describe('Location on 201 and Idempotent-Replayed on replays', () => {
  let s: Stack;
  let url: string;

  beforeAll(async () => {
    s = await startStack({ label: 'http_conventions' });
    url = s.service.url;
  });
  afterAll(() => s?.close());
  afterEach(() => s.simulator.resetFaults());

  /** Follows the Location of a 201 with the same key, as a client would. */
  const follow = async (created: HttpResult, key: string) => {
    const location = created.headers.get('location');
    expect(location).toBeTruthy();
    const res = await http('GET', new URL(location!, url).href, { key });
    expect(res.status).toBe(200);
    return { location: location!, resource: res.body };
  };

  it('POST /v1/orders: Location of the order; the replay says it is one', async () => {
    const idempotencyKey = randomUUID();
    const create = () =>
      http('POST', `${url}/v1/orders`, {
        key: TEST_SERVICE_KEY,
        body: { merchantReference: 'INV-loc', amount: 150_000, currency: 'IDR' },
        headers: { 'Idempotency-Key': idempotencyKey },
      });
    const first = await create();
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const { location, resource } = await follow(first, TEST_SERVICE_KEY);
    expect(location).toBe(`/v1/orders/${first.body.id}`);
    expect(resource).toMatchObject({ id: first.body.id, status: 'PENDING' });

    const replay = await create();
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.headers.get('location')).toBe(location);
    expect(replay.body.id).toBe(first.body.id);
  });

  it('marks a replayed error as a replay too, and a new key as not one', async () => {
    s.simulator.setEndpointFault('generate', {
      errorRate: 1,
      errorStatus: 403,
      errorResponseCode: '4034703',
      errorMessage: 'Transaction Not Permitted',
    });
    const idempotencyKey = randomUUID();
    const create = () =>
      http('POST', `${url}/v1/orders`, {
        key: TEST_SERVICE_KEY,
        body: { merchantReference: 'INV-decl', amount: 1000, currency: 'IDR' },
        headers: { 'Idempotency-Key': idempotencyKey },
      });
    const first = await create();
    expect(first.status).toBe(422);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(first.headers.get('location')).toBeNull();
    const replay = await create();
    expect(replay.status).toBe(422);
    expect(replay.body.code).toBe('GATEWAY_DECLINED');
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const doc = (await http('GET', `${url}/docs/openapi.json`)).body;
    const header = doc.paths['/v1/orders'].post.responses['422'].headers['Idempotent-Replayed'];
    expect(header.description).toContain('GATEWAY_DECLINED');
  });

  it('marks a replayed QRIS payment decline (422 PAYMENT_DECLINED) as a replay, as the document says', async () => {
    const token = await http('POST', `${url}/v1/qris/customer-tokens`, {
      key: TEST_SERVICE_KEY,
      body: { authCode: `auth-${randomUUID()}` },
    });
    expect(token.status).toBe(200);
    s.simulator.setEndpointFault('payment', {
      errorRate: 1,
      errorStatus: 403,
      errorResponseCode: '4035014',
      errorMessage: 'Insufficient Fund',
    });
    const idempotencyKey = randomUUID();
    const pay = () =>
      http('POST', `${url}/v1/qris/payments`, {
        key: TEST_SERVICE_KEY,
        body: { qrContent: STATIC_QR, amount: 1_200, customerAccessToken: token.body.accessToken },
        headers: { 'Idempotency-Key': idempotencyKey },
      });
    const first = await pay();
    expect(first.status).toBe(422);
    expect(first.body.code).toBe('PAYMENT_DECLINED');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const replay = await pay();
    expect(replay.status).toBe(422);
    expect(replay.body).toEqual({ ...first.body, requestId: replay.body.requestId });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');

    const doc = (await http('GET', `${url}/docs/openapi.json`)).body;
    const header =
      doc.paths['/v1/qris/payments'].post.responses['422'].headers['Idempotent-Replayed'];
    expect(header.schema).toEqual({ type: 'string', enum: ['true'] });
    expect(header.description).toContain('PAYMENT_DECLINED');
  });

  it('documents Idempotent-Replayed on exactly the error answers a create can replay', async () => {
    const doc = (await http('GET', `${url}/docs/openapi.json`)).body;
    const documented: Record<string, string[]> = {};
    for (const [path, item] of Object.entries(doc.paths as Record<string, any>))
      for (const [method, op] of Object.entries(item as Record<string, any>))
        for (const [status, res] of Object.entries((op?.responses ?? {}) as Record<string, any>))
          if (Number(status) >= 400 && res.headers?.['Idempotent-Replayed'])
            (documented[`${method.toUpperCase()} ${path}`] ??= []).push(status);
    // The stored final answers (a FAILED order, payment or refund) and a payment whose
    // outcome is still unknown; never 409 (no answer yet) or a refusal before the key is claimed.
    expect(documented).toEqual({
      'POST /v1/orders': ['422', '502'],
      'POST /admin/v1/orders/{id}/refunds': ['422'],
      'POST /v1/qris/payments': ['422', '502', '504'],
    });
  });

  it('POST /admin/v1/orders/{id}/refunds: Location of the refund, which GET answers', async () => {
    const order = await paidOrder(s, 500_000);
    const idempotencyKey = randomUUID();
    const body = { amount: 200_000, reason: 'one item returned' };
    const first = await refund(s, order.id, body, { idempotencyKey });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const { location, resource } = await follow(first, TEST_ADMIN_KEY);
    expect(location).toBe(`/admin/v1/orders/${order.id}/refunds/${first.body.id}`);
    expect(resource).toEqual(first.body);

    const replay = await refund(s, order.id, body, { idempotencyKey });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.headers.get('location')).toBe(location);
  });

  it('GET one refund: 404 under another order, 400 for a malformed id, admin key only', async () => {
    const order = await paidOrder(s, 300_000);
    const other = await paidOrder(s, 300_000);
    const made = await refund(s, order.id, { amount: 1000, reason: 'goodwill' });
    expect(made.status).toBe(201);
    const get = (orderId: string, refundId: string, key = TEST_ADMIN_KEY) =>
      http('GET', `${url}/admin/v1/orders/${orderId}/refunds/${refundId}`, { key });

    const elsewhere = await get(other.id, made.body.id);
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.code).toBe('REFUND_NOT_FOUND');
    const malformed = await get(order.id, 'refund-1');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('INVALID_REFUND_ID');
    const service = await get(order.id, made.body.id, TEST_SERVICE_KEY);
    expect(service.status).toBe(403);
    expect(service.body.code).toBe('ADMIN_KEY_REQUIRED');
  });

  it('POST /v1/qris/payments: Location of the payment; the replay says it is one', async () => {
    const created = await http('POST', `${url}/v1/orders`, {
      key: TEST_SERVICE_KEY,
      body: { merchantReference: 'INV-qrp', amount: 75_000, currency: 'IDR' },
      headers: { 'Idempotency-Key': randomUUID() },
    });
    expect(created.status).toBe(201);
    const token = await http('POST', `${url}/v1/qris/customer-tokens`, {
      key: TEST_SERVICE_KEY,
      body: { authCode: `auth-${randomUUID()}` },
    });
    const idempotencyKey = randomUUID();
    const pay = () =>
      http('POST', `${url}/v1/qris/payments`, {
        key: TEST_SERVICE_KEY,
        body: {
          qrContent: created.body.qrContent,
          customerAccessToken: token.body.accessToken,
        },
        headers: { 'Idempotency-Key': idempotencyKey },
      });
    const first = await pay();
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const { location, resource } = await follow(first, TEST_SERVICE_KEY);
    expect(location).toBe(`/v1/qris/payments/${first.body.id}`);
    expect(resource).toMatchObject({ id: first.body.id, status: 'SUCCEEDED' });

    const replay = await pay();
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.headers.get('location')).toBe(location);
    expect(replay.body).toEqual(first.body);
  });

  it('documents Location on every 201 in /docs/openapi.json, and Idempotent-Replayed on those taking an Idempotency-Key', async () => {
    const doc = (await http('GET', `${url}/docs/openapi.json`)).body;
    const created: string[] = [];
    for (const [path, item] of Object.entries(doc.paths as Record<string, any>)) {
      for (const [method, op] of Object.entries(item as Record<string, any>)) {
        const ok = op?.responses?.['201'];
        if (!ok) continue;
        created.push(`${method.toUpperCase()} ${path}`);
        const keyed = (op.parameters ?? []).some(
          (p: { name?: string }) => p.name === 'Idempotency-Key',
        );
        expect({
          route: `${method} ${path}`,
          headers: Object.keys(ok.headers ?? {}).sort(),
        }).toEqual({
          route: `${method} ${path}`,
          headers: keyed
            ? ['Idempotent-Replayed', 'Location', 'X-Request-Id']
            : ['Location', 'X-Request-Id'],
        });
      }
    }
    expect(created.sort()).toEqual([
      'POST /admin/v1/orders/{id}/refund-approvals',
      'POST /admin/v1/orders/{id}/refunds',
      'POST /admin/v1/session',
      'POST /v1/orders',
      'POST /v1/qris/payments',
    ]);
  });
});
