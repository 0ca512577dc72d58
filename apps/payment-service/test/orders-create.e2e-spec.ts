import { parseQris } from '#qris';
import { TEST_SERVICE_KEY } from '../../../test/support/app.js';
import { http } from '../../../test/support/http.js';
import { startStack, type Stack } from '../../../test/support/stack.js';

const body = (over: Record<string, unknown> = {}) => ({
  merchantReference: 'INV-1',
  amount: 1_500_000,
  currency: 'IDR',
  ...over,
});

describe('creating an order (shop -> service -> DOKU simulator)', () => {
  let s: Stack;
  let url: string;
  const create = (
    payload: unknown,
    key = `idem-${Math.random()}`,
    headers: Record<string, string> = {},
  ) =>
    http('POST', `${url}/v1/orders`, {
      key: TEST_SERVICE_KEY,
      body: payload,
      headers: { 'Idempotency-Key': key, ...headers },
    });

  beforeAll(async () => {
    s = await startStack({ label: 'orders_create' });
    url = s.service.url;
  });
  afterAll(async () => {
    await s?.close();
  });

  it('answers 201 with a PENDING order whose QR is a verified dynamic QRIS for the amount', async () => {
    const res = await create(body({ metadata: { cartId: 'c_1' } }));
    if (res.status !== 201)
      console.log(s.service.logs.lines.filter((l) => l.includes('"level":50')).join('\n'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'PENDING',
      amount: 1_500_000,
      currency: 'IDR',
      merchantReference: 'INV-1',
      metadata: { cartId: 'c_1' },
      flags: [],
    });
    expect(res.body.id).toMatch(/^ord_[0-9a-z]{24}$/);
    const parsed = parseQris(res.body.qrContent);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.qris.initiation).toBe('dynamic');
      expect(parsed.qris.amount?.minor).toBe(1_500_000);
    }
    // DOKU saw our partnerReferenceNo and an ISO validity period.
    const tx = s.simulator
      .ledger()
      .transactions.find((t) => t.partnerReferenceNo === res.body.doku.partnerReferenceNo);
    expect(tx).toBeDefined();
  });

  it('records the order and its audit trail in PostgreSQL', async () => {
    const res = await create(body());
    const events = await http('GET', `${url}/v1/orders/${res.body.id}/events`, {
      key: TEST_SERVICE_KEY,
    });
    expect(events.body.data.map((e: { type: string }) => e.type)).toEqual([
      'order.created',
      'order.qr_issued',
    ]);
    expect(events.body.data[1]).toMatchObject({
      from: 'CREATING',
      to: 'PENDING',
      source: 'api',
      actor: 'shop-a',
    });
  });

  it('replays the first answer for the same key and body', async () => {
    const first = await create(body({ merchantReference: 'INV-replay' }), 'idem-replay-1');
    const again = await create(body({ merchantReference: 'INV-replay' }), 'idem-replay-1');
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
  });

  it('answers 409 IDEMPOTENCY_KEY_REUSED for the same key with another body, writing nothing', async () => {
    await create(body({ merchantReference: 'INV-k2' }), 'idem-reuse-1');
    const before = await count(s);
    const res = await create(
      body({ merchantReference: 'INV-k2', amount: 2_000_000 }),
      'idem-reuse-1',
    );
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      message: expect.stringContaining('different request body'),
    });
    expect(await count(s)).toBe(before);
  });

  it('creates one order and calls DOKU once under 200 concurrent identical requests', async () => {
    const key = 'idem-storm-1';
    const generateCallsBefore = s.simulator.ledger().transactions.length;
    const results = await Promise.all(
      Array.from({ length: 200 }, () => create(body({ merchantReference: 'INV-storm' }), key)),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.every((st) => st === 201 || st === 409)).toBe(true);
    const created = results.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    for (const r of results.filter((x) => x.status === 409)) {
      expect(r.body.code).toBe('REQUEST_IN_PROGRESS');
      expect(r.headers.get('retry-after')).toBe('2');
    }
    const rows: { n: number }[] = await s.service.dataSource.query(
      "SELECT count(*)::int AS n FROM orders WHERE merchant_reference = 'INV-storm'",
    );
    expect(rows[0].n).toBe(1);
    expect(s.simulator.ledger().transactions.length - generateCallsBefore).toBe(1);
  });

  it('lists orders newest first with a cursor that pages through all of them', async () => {
    for (let i = 0; i < 5; i++) await create(body({ merchantReference: 'INV-page' }));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof http>> = await http(
        'GET',
        `${url}/v1/orders?merchantReference=INV-page&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { key: TEST_SERVICE_KEY },
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((o: { id: string }) => o.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it('serves the QR as PNG and SVG while the order is pending', async () => {
    const res = await create(body());
    const png = await fetch(`${url}/v1/orders/${res.body.id}/qr.png`, {
      headers: { authorization: `Bearer ${TEST_SERVICE_KEY}` },
    });
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await png.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    const svg = await http('GET', `${url}/v1/orders/${res.body.id}/qr.svg`, {
      key: TEST_SERVICE_KEY,
    });
    expect(svg.text).toMatch(/^<svg|<\?xml/);
  });

  it('cancels a pending order at DOKU and announces it', async () => {
    const res = await create(body());
    const cancelled = await http('POST', `${url}/v1/orders/${res.body.id}/cancel`, {
      key: TEST_SERVICE_KEY,
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('CANCELLED');
    const tx = s.simulator
      .ledger()
      .transactions.find((t) => t.partnerReferenceNo === res.body.doku.partnerReferenceNo);
    expect(tx?.status).toMatch(/cancel/i);
    const again = await http('POST', `${url}/v1/orders/${res.body.id}/cancel`, {
      key: TEST_SERVICE_KEY,
    });
    expect(again.status).toBe(200);
  });
});

async function count(s: Stack): Promise<number> {
  const rows: { n: number }[] = await s.service.dataSource.query(
    'SELECT count(*)::int AS n FROM orders',
  );
  return rows[0].n;
}
