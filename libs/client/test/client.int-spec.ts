// The typed client against the real service and the DOKU simulator over HTTP: the calls a
// shop makes, typed errors, retries that reuse the Idempotency-Key, webhook verification.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { TEST_ADMIN_KEY, TEST_SERVICE_KEY } from '../../../test/support/app.js';
import { startShopServer, type ShopServer } from '../../../test/support/shop-server.js';
import { startStack, type Stack } from '../../../test/support/stack.js';
import { PaymentApiError, PaymentClient, PaymentNetworkError } from '../src/index.js';

const SECRET = `whsec_${Buffer.from('client-test-secret-0123456789abcd').toString('base64')}`;

describe('PaymentClient against the service and the DOKU simulator', () => {
  let s: Stack;
  let shop: ShopServer;
  let shopClient: PaymentClient;
  let adminClient: PaymentClient;

  beforeAll(async () => {
    shop = await startShopServer();
    s = await startStack({
      label: 'client',
      env: {
        WEBHOOK_URL: shop.url,
        WEBHOOK_SECRETS: SECRET,
        WEBHOOK_DISPATCH_INTERVAL_MS: '100',
        HTTP_ACCESS_LOG: 'false',
      },
    });
    shopClient = new PaymentClient({
      baseUrl: s.service.url,
      apiKey: TEST_SERVICE_KEY,
      webhookSecret: SECRET,
    });
    adminClient = new PaymentClient({ baseUrl: s.service.url, apiKey: TEST_ADMIN_KEY });
  });
  afterAll(async () => {
    await s?.close();
    await shop?.close();
  });
  afterEach(() => s.simulator.resetFaults());

  const orderBody = () => ({
    merchantReference: `INV-${randomUUID().slice(0, 8)}`,
    amount: 1_500_000,
    currency: 'IDR' as const,
    metadata: { cartId: 'c_42' },
  });

  it('creates, reads, pays and refunds an order, and verifies its webhooks', async () => {
    const order = await shopClient.orders.create(orderBody());
    expect(order).toMatchObject({
      status: 'PENDING',
      amount: 1_500_000,
      metadata: { cartId: 'c_42' },
    });
    expect(order.qrContent).toMatch(/^000201/);
    expect((await shopClient.orders.get(order.id)).id).toBe(order.id);

    s.simulator.pay(order.doku.referenceNo!);
    await s.simulator.notificationsIdle();
    expect((await shopClient.orders.get(order.id)).status).toBe('PAID');

    const refund = await adminClient.refunds.create(order.id, {
      amount: 500_000,
      reason: 'returned',
    });
    expect(refund).toMatchObject({ status: 'SUCCEEDED', amount: 500_000, orderId: order.id });
    const refunds = await adminClient.refunds.list(order.id);
    expect(refunds.summary.refundableAmount).toBe(1_000_000);
    expect((await adminClient.refunds.get(order.id, refund.id)).id).toBe(refund.id);

    // The webhooks of this order, verified by the client: typed events, in sequence.
    let events: { type: string; sequence: number }[] = [];
    for (const until = Date.now() + 10_000; Date.now() < until;) {
      events = shop.received
        .map((w) => shopClient.webhooks.verify(w.body, w.headers))
        .filter((e) => e.data.id === order.id)
        .map((e) => ({ type: e.type, sequence: e.data.sequence }));
      if (events.some((e) => e.type === 'refund.succeeded')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(events.map((e) => e.type)).toEqual(['order.pending', 'order.paid', 'refund.succeeded']);
    expect(events.map((e) => e.sequence)).toEqual([1, 2, 3]);
  });

  it('refuses a webhook whose body was altered', () => {
    const w = shop.received[0];
    expect(w).toBeDefined();
    expect(() =>
      shopClient.webhooks.verify(w.body.replace('PENDING', 'PAID'), w.headers),
    ).toThrow();
  });

  it('throws errors typed by code, with details and the request id', async () => {
    const missing = await shopClient.orders.get('ord_000000000000000000000000').catch((e) => e);
    expect(missing).toBeInstanceOf(PaymentApiError);
    expect(missing).toMatchObject({ status: 404, code: 'ORDER_NOT_FOUND', operation: 'getOrder' });
    expect(missing.requestId).toBe(missing.body.requestId);

    const invalid = await shopClient.orders
      .create({ ...orderBody(), amount: 0 })
      .catch((e: unknown) => e);
    if (!(invalid instanceof PaymentApiError) || !invalid.is('createOrder')) throw invalid;
    expect(invalid.body.code).toBe('VALIDATION_FAILED');
    if (invalid.body.code === 'VALIDATION_FAILED')
      expect(invalid.body.details?.map((d) => d.field)).toEqual(['amount']);

    s.simulator.setEndpointFault('generate', {
      errorRate: 1,
      errorStatus: 403,
      errorResponseCode: '4034703',
      errorMessage: 'Transaction Not Permitted',
    });
    const declined = await shopClient.orders.create(orderBody()).catch((e: unknown) => e);
    if (!(declined instanceof PaymentApiError) || !declined.is('createOrder')) throw declined;
    expect(declined.status).toBe(422);
    if (declined.body.code !== 'GATEWAY_DECLINED') throw declined;
    expect(declined.body.details?.order.status).toBe('FAILED');
  });

  /** A fetch over real HTTP that records each attempt and loses the answers it is told to. */
  function recordingFetch(loseAnswers: number) {
    const attempts: { key: string | null; status?: number }[] = [];
    const wrapped: typeof fetch = async (input, init) => {
      const headers = new Headers(init?.headers);
      const attempt: { key: string | null; status?: number } = {
        key: headers.get('idempotency-key'),
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

  it('retries a create whose answer was lost with the same Idempotency-Key: one order', async () => {
    const net = recordingFetch(2);
    const client = new PaymentClient({
      baseUrl: s.service.url,
      apiKey: TEST_SERVICE_KEY,
      fetch: net.fetch,
      maxRetryDelayMs: 50,
    });
    const body = orderBody();
    const order = await client.orders.create(body);
    expect(net.attempts).toHaveLength(3);
    expect(new Set(net.attempts.map((a) => a.key)).size).toBe(1);
    expect(net.attempts[0].key).toMatch(/^[0-9a-f-]{36}$/);
    const rows = await s.service.dataSource.query(
      'SELECT id FROM orders WHERE merchant_reference = $1',
      [body.merchantReference],
    );
    expect(rows).toEqual([{ id: order.id }]);
  });

  it('gives up after maxRetries network errors with a PaymentNetworkError', async () => {
    const net = recordingFetch(10);
    const client = new PaymentClient({
      baseUrl: s.service.url,
      apiKey: TEST_SERVICE_KEY,
      fetch: net.fetch,
      maxRetries: 2,
      maxRetryDelayMs: 10,
    });
    await expect(client.orders.create(orderBody())).rejects.toBeInstanceOf(PaymentNetworkError);
    expect(net.attempts).toHaveLength(3);
    expect(new Set(net.attempts.map((a) => a.key)).size).toBe(1);
  });

  it('waits out 409 REQUEST_IN_PROGRESS (Retry-After) and gets the order, same key', async () => {
    s.simulator.setEndpointFault('generate', { latencyMs: 1500, times: 1 });
    const idempotencyKey = randomUUID();
    const body = orderBody();
    const first = shopClient.orders.create(body, { idempotencyKey });
    await new Promise((r) => setTimeout(r, 300));
    const net = recordingFetch(0);
    const second = new PaymentClient({
      baseUrl: s.service.url,
      apiKey: TEST_SERVICE_KEY,
      fetch: net.fetch,
    }).orders.create(body, { idempotencyKey });
    const [a, b] = await Promise.all([first, second]);
    expect(b.id).toBe(a.id);
    expect(b.status).toBe('PENDING');
    expect(net.attempts.map((x) => x.status)).toEqual([409, 201]);
    expect(net.attempts.every((x) => x.key === idempotencyKey)).toBe(true);
  });

  it('does not retry what the API does not call safe (a 502 after DOKU failed)', async () => {
    s.simulator.setEndpointFault('generate', { errorRate: 1, errorStatus: 500 });
    const net = recordingFetch(0);
    const client = new PaymentClient({
      baseUrl: s.service.url,
      apiKey: TEST_SERVICE_KEY,
      fetch: net.fetch,
    });
    const err = await client.orders.create(orderBody()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaymentApiError);
    expect((err as PaymentApiError).status).toBeGreaterThanOrEqual(500);
    expect(net.attempts).toHaveLength(1);
  });
});

describe('PaymentClient on 503 with Retry-After', () => {
  let server: Server;
  let url: string;
  const seen: { key: string | undefined; at: number }[] = [];

  beforeAll(async () => {
    // A local HTTP server that answers like a stopping instance, then like the service.
    server = createServer((req, res) => {
      seen.push({ key: req.headers['idempotency-key'] as string | undefined, at: Date.now() });
      req.resume();
      if (seen.length === 1) {
        res
          .writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' })
          .end(JSON.stringify({ code: 'SHUTTING_DOWN', message: 'stopping', requestId: 'r1' }));
      } else {
        res.writeHead(201, { 'content-type': 'application/json' }).end('{"id":"ord_x"}');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('sends the same request again after Retry-After, with the same key', async () => {
    const client = new PaymentClient({ baseUrl: url, apiKey: 'sk_x' });
    const order = await client.orders.create({
      merchantReference: 'INV-1',
      amount: 1000,
      currency: 'IDR',
    });
    expect(order.id).toBe('ord_x');
    expect(seen).toHaveLength(2);
    expect(seen[1].key).toBe(seen[0].key);
    expect(seen[1].at - seen[0].at).toBeGreaterThanOrEqual(950);
  });
});
