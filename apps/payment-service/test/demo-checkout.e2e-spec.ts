// The demo checkout's server side (dev mode only): its routes are absent outside dev mode;
// in dev mode they create and pay an order through the public API and the simulator, and the
// built-in inbox receives the service's webhooks and verifies their signatures.
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { http } from '../../../test/support/http.js';
import { startStack, type Stack } from '../../../test/support/stack.js';

const JSON_ONLY = { 'content-type': 'application/json' };

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe('demo checkout outside dev mode', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ label: 'demo_absent' });
  });
  afterAll(() => app?.close());

  it.each([
    ['GET', '/demo'],
    ['GET', '/demo/assets/demo/main.js'],
    ['GET', '/demo/api/inbox'],
    ['POST', '/demo/api/orders'],
    ['POST', '/demo/webhook-inbox'],
  ])('has no %s %s (404)', async (method, path) => {
    const r = await http(method, `${app.url}${path}`, method === 'POST' ? { body: {} } : {});
    expect(r.status).toBe(404);
  });
});

describe('demo checkout in dev mode', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({
      label: 'demo_checkout',
      demo: { inbox: true },
      env: { WEBHOOK_DISPATCH_INTERVAL_MS: '200' },
    });
  }, 60_000);
  afterAll(() => s?.close());

  it('creates an order through the public API, pays it with the simulator, and the inbox gets verified webhooks', async () => {
    const created = await http('POST', `${s.service.url}/demo/api/orders`, {
      body: { amount: 1_500_000 },
    });
    expect(created.body).toMatchObject({ status: 'PENDING' });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/demo/api/orders/${created.body.id}`);
    expect(created.body).toMatchObject({ status: 'PENDING', amount: 1_500_000 });
    expect(created.body.merchantReference).toMatch(/^DEMO-\d{8}-[0-9A-F]{8}$/);
    const id: string = created.body.id;
    const qr = await http('GET', `${s.service.url}/demo/api/orders/${id}/qr.svg`);
    expect(qr.status).toBe(200);
    expect(qr.headers.get('content-type')).toMatch(/^image\/svg\+xml/);

    const paid = await http('POST', `${s.service.url}/demo/api/orders/${id}/simulator-payment`, {
      body: {},
    });
    expect(paid.status).toBeLessThan(300);
    const order = await until(
      () => http('GET', `${s.service.url}/demo/api/orders/${id}`),
      (r) => r.body.status === 'PAID',
    );
    expect(order.body.status).toBe('PAID');

    const inbox = await until(
      () => http('GET', `${s.service.url}/demo/api/inbox?orderId=${id}`),
      (r) => r.body.data.some((d: { type: string }) => d.type === 'order.paid'),
    );
    expect(inbox.body).toMatchObject({
      inbox: true,
      webhookUrl: `${s.service.url}/demo/webhook-inbox`,
    });
    const types = inbox.body.data.map((d: { type: string }) => d.type);
    expect(types).toEqual(expect.arrayContaining(['order.pending', 'order.paid']));
    const delivery = inbox.body.data.find((d: { type: string }) => d.type === 'order.paid');
    expect(delivery).toMatchObject({ verified: true, orderId: id });
    expect(delivery.headers).toMatchObject({
      'content-type': 'application/json',
      'webhook-id': expect.stringMatching(/^evt_/),
      'webhook-timestamp': expect.stringMatching(/^\d+$/),
      'webhook-signature': expect.stringMatching(/^v1,/),
    });
    expect(JSON.parse(delivery.body)).toMatchObject({
      type: 'order.paid',
      data: { id, status: 'PAID', amount: 1_500_000 },
    });
    // The service recorded the deliveries as delivered (the inbox answered 204).
    const rows = await until(
      () =>
        s.service.dataSource.query(
          `SELECT d.status FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
            WHERE e.order_id = $1 AND e.type = 'order.paid'`,
          [id],
        ),
      (r: { status: string }[]) => r[0]?.status === 'SUCCEEDED',
    );
    expect(rows).toEqual([{ status: 'SUCCEEDED' }]);
  });

  it('cancels an order through the public API', async () => {
    const created = await http('POST', `${s.service.url}/demo/api/orders`, {
      body: { amount: 5_000_000 },
    });
    const r = await http('POST', `${s.service.url}/demo/api/orders/${created.body.id}/cancel`, {
      body: {},
    });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('CANCELLED');
  });

  it('refuses a delivery whose signature does not verify (401), and lists it as refused', async () => {
    const body = JSON.stringify({ id: 'evt_forged', type: 'order.paid', data: { id: 'ord_x' } });
    const r = await http('POST', `${s.service.url}/demo/webhook-inbox`, {
      raw: body,
      headers: {
        ...JSON_ONLY,
        'webhook-id': 'evt_forged',
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': 'v1,AAAA',
      },
    });
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    const inbox = await http('GET', `${s.service.url}/demo/api/inbox?orderId=ord_x`);
    expect(inbox.body.data).toEqual([
      expect.objectContaining({ verified: false, body, problem: expect.any(String) }),
    ]);
  });

  it('takes state-changing calls from its own page only (JSON, same origin)', async () => {
    const form = await http('POST', `${s.service.url}/demo/api/orders`, {
      // What another site's form can send without a CORS preflight.
      raw: '{"amount":1500000}',
      headers: { 'content-type': 'text/plain' },
    });
    expect([403, 415]).toContain(form.status);
    const crossSite = await http('POST', `${s.service.url}/demo/api/orders`, {
      body: { amount: 1_500_000 },
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.code).toBe('DEMO_SAME_ORIGIN_ONLY');
  });

  it('passes the public API’s validation errors through', async () => {
    const r = await http('POST', `${s.service.url}/demo/api/orders`, { body: { amount: -5 } });
    expect(r.status).toBe(400);
  });
});
