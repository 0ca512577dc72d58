// The console's Queues and Finance routes (issue 15) over real HTTP against the simulator:
// a day's figures from orders paid through DOKU, the CSV exports parsed back (escaping and
// formula injection), the queues of UNKNOWN refunds and dead webhooks, and who may read them.
import { randomUUID } from 'node:crypto';
import { TEST_ADMIN_KEY, TEST_SERVICE_KEY } from '../../../test/support/app.js';
import { http } from '../../../test/support/http.js';
import { startShopServer, type ShopServer } from '../../../test/support/shop-server.js';
import { startStack, type Stack } from '../../../test/support/stack.js';
import { jakartaToday } from '../src/finance/jakarta-day.js';
import { eventually, paidOrder, refund, type CreatedOrder } from './refunds.support.js';
import { SECRET_A } from './webhooks.support.js';

const VIEWER_KEY = 'ak_test_viewer_key_0123456789abcdefgh';

/** RFC 4180, enough for our own output: quoted cells, doubled quotes, CRLF rows. */
export function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      out.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return out;
}

const records = (text: string) => {
  const [header, ...rest] = parseCsv(text);
  return rest.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
};

describe('admin API: queues and finance', () => {
  let s: Stack;
  let shop: ShopServer;
  let url: string;
  const get = (path: string, key: string | null = TEST_ADMIN_KEY) =>
    http('GET', `${url}${path}`, { key: key ?? undefined });

  beforeAll(async () => {
    shop = await startShopServer();
    shop.respondWith(500); // every webhook is dead-lettered at its first failure
    s = await startStack({
      label: 'admin_queues_finance',
      env: {
        ADMIN_API_KEYS: `alice:${TEST_ADMIN_KEY},bob:${VIEWER_KEY}`,
        ADMIN_KEY_ROLES: 'bob:viewer',
        WEBHOOK_URL: shop.url,
        WEBHOOK_SECRETS: SECRET_A,
        WEBHOOK_MAX_ATTEMPTS: '1',
        WEBHOOK_DISPATCH_INTERVAL_MS: '50',
      },
    });
    url = s.service.url;
  });
  afterAll(async () => {
    await s?.close();
    await shop?.close();
  });

  let a: CreatedOrder;
  let b: CreatedOrder;
  let flagged: CreatedOrder;
  let hostile: CreatedOrder;
  const HOSTILE_REFERENCE = '=HYPERLINK("http://x.test","click"),1';
  const HOSTILE_REASON = '-2+3 returned,\n"second line"';

  it("sums a Jakarta day: paid count and sum, DOKU's refunds, net and flagged orders", async () => {
    a = await paidOrder(s, 1_500_000);
    b = await paidOrder(s, 2_000_000);
    // The customer paid less than asked: AMOUNT_MISMATCH, not PAID, so not in the paid sum.
    flagged = await paidOrder(s, 1_000_000, { amountMinor: 900_000, force: true });
    const done = await refund(s, a.id, { amount: 500_000, reason: 'one item back' });
    expect(done.body.status).toBe('SUCCEEDED');

    const day = jakartaToday();
    const res = await get(`/admin/v1/finance/summary?date=${day}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      date: day,
      timeZone: 'Asia/Jakarta',
      from: expect.stringMatching(/T17:00:00\.000Z$/),
      to: expect.stringMatching(/T17:00:00\.000Z$/),
      currency: 'IDR',
      paidCount: 2,
      paidAmount: 3_500_000,
      refundedCount: 1,
      refundedAmount: 500_000,
      netAmount: 3_000_000,
      flaggedCount: 1,
    });
    // Without a date: today in Jakarta. Another day: nothing.
    expect((await get('/admin/v1/finance/summary')).body.paidAmount).toBe(3_500_000);
    expect((await get('/admin/v1/finance/summary?date=2020-01-01')).body).toMatchObject({
      paidCount: 0,
      paidAmount: 0,
      refundedAmount: 0,
      netAmount: 0,
      flaggedCount: 0,
    });
  });

  it("exports the day's orders as CSV with minor units, rupiah and DOKU's references", async () => {
    const day = jakartaToday();
    const res = await get(`/admin/v1/finance/orders.csv?from=${day}&to=${day}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="orders-${day}-${day}.csv"`,
    );
    expect(res.text.split('\r\n')[0]).toBe(
      'order_id,merchant_reference,created_at_wib,paid_at_wib,status,flags,currency,amount_minor,amount_rupiah,paid_amount_minor,paid_amount_rupiah,refunded_amount_minor,refunded_amount_rupiah,doku_partner_reference_no,doku_reference_no,doku_approval_code,issuer_name,terminal_id',
    );
    const rows = records(res.text);
    expect(rows.map((r) => r.order_id)).toEqual([a.id, b.id, flagged.id]);
    expect(rows[0]).toMatchObject({
      status: 'PARTIALLY_REFUNDED',
      currency: 'IDR',
      amount_minor: '1500000',
      amount_rupiah: '15000.00',
      paid_amount_minor: '1500000',
      refunded_amount_minor: '500000',
      refunded_amount_rupiah: '5000.00',
      doku_partner_reference_no: a.doku.partnerReferenceNo,
      doku_reference_no: a.doku.referenceNo,
    });
    expect(rows[0].paid_at_wib).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(rows[2]).toMatchObject({ flags: 'AMOUNT_MISMATCH', paid_amount_minor: '900000' });
  });

  it('escapes quotes, commas and line breaks, and defuses cells that start like a formula', async () => {
    const created = await http('POST', `${url}/v1/orders`, {
      key: TEST_SERVICE_KEY,
      body: { merchantReference: HOSTILE_REFERENCE, amount: 1_000_000, currency: 'IDR' },
      headers: { 'Idempotency-Key': randomUUID() },
    });
    expect(created.status).toBe(201);
    hostile = created.body;
    s.simulator.pay(hostile.doku.referenceNo);
    await s.simulator.notificationsIdle();
    expect((await refund(s, hostile.id, { amount: 100_000, reason: HOSTILE_REASON })).status).toBe(
      201,
    );

    const day = jakartaToday();
    const orders = await get(`/admin/v1/finance/orders.csv?from=${day}`);
    expect(orders.text).toContain(`"'=HYPERLINK(""http://x.test"",""click""),1"`);
    const row = records(orders.text).find((r) => r.order_id === hostile.id)!;
    expect(row.merchant_reference).toBe(`'${HOSTILE_REFERENCE}`);

    const refunds = await get(`/admin/v1/finance/refunds.csv?from=${day}&to=${day}`);
    expect(refunds.status).toBe(200);
    expect(refunds.text.split('\r\n')[0]).toBe(
      'refund_id,order_id,merchant_reference,created_at_wib,refunded_at_wib,status,currency,amount_minor,amount_rupiah,reason,actor,doku_partner_refund_no,doku_refund_no,doku_order_reference_no,failure_code',
    );
    const parsed = records(refunds.text);
    expect(parsed.map((r) => r.order_id)).toEqual([a.id, hostile.id]);
    expect(parsed[1]).toMatchObject({
      merchant_reference: `'${HOSTILE_REFERENCE}`,
      reason: `'${HOSTILE_REASON}`, // the line break survives inside the quotes
      status: 'SUCCEEDED',
      amount_minor: '100000',
      amount_rupiah: '1000.00',
      actor: 'alice',
      doku_order_reference_no: hostile.doku.referenceNo,
    });
    expect(parsed[1].doku_partner_refund_no).toMatch(/^rfd_/);
    expect(parsed[1].doku_refund_no).toBeTruthy();
  });

  it("reads a day's payments and refunds through indexes, not the whole tables", async () => {
    const plan = async (sql: string) =>
      s.service.dataSource.transaction(async (m) => {
        await m.query('SET LOCAL enable_seqscan = off');
        const r: { 'QUERY PLAN': string }[] = await m.query(`EXPLAIN ${sql}`);
        return r.map((x) => x['QUERY PLAN']).join('\n');
      });
    const day = `'2026-03-01T17:00:00Z' AND '2026-03-02T17:00:00Z'`;
    expect(await plan(`SELECT count(*) FROM orders WHERE paid_at BETWEEN ${day}`)).toContain(
      'orders_paid_at_idx',
    );
    expect(
      await plan(
        `SELECT sum(amount) FROM refunds WHERE status = 'SUCCEEDED' AND refunded_at BETWEEN ${day}`,
      ),
    ).toContain('refunds_refunded_at_idx');
    expect(await plan(`SELECT * FROM refunds WHERE created_at BETWEEN ${day}`)).toContain(
      'refunds_created_idx',
    );
  });

  it('refuses a bad range, and an empty range is only the header', async () => {
    const back = await get('/admin/v1/finance/orders.csv?from=2026-03-31&to=2026-03-01');
    expect(back.status).toBe(400);
    expect(back.body.code).toBe('INVALID_DATE_RANGE');
    const long = await get('/admin/v1/finance/refunds.csv?from=2026-01-01&to=2026-12-31');
    expect(long.body.code).toBe('INVALID_DATE_RANGE');
    const bad = await get('/admin/v1/finance/orders.csv?from=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect((await get('/admin/v1/finance/summary?date=2026-13-01')).status).toBe(400);
    const none = await get('/admin/v1/finance/refunds.csv?from=2020-01-01');
    expect(parseCsv(none.text)).toHaveLength(1);
  });

  it('lists UNKNOWN refunds across orders with what happens next', async () => {
    const order = await paidOrder(s, 1_000_000);
    s.simulator.setEndpointFault('refund', { timeoutRate: 1, times: 1000 });
    const res = await refund(s, order.id, { amount: 300_000, reason: 'answer lost' });
    expect(res.body.status).toBe('UNKNOWN');
    // DOKU stays silent meanwhile, so a retry by the sweep cannot settle it under the test.
    const queue = await get('/admin/v1/refunds?status=UNKNOWN');
    s.simulator.resetFaults();
    expect(queue.status).toBe(200);
    expect(queue.body.data).toEqual([
      expect.objectContaining({
        id: res.body.id,
        orderId: order.id,
        status: 'UNKNOWN',
        amount: 300_000,
        unknown: expect.objectContaining({ message: expect.stringMatching(/\w/) }),
      }),
    ]);
    expect((await get('/admin/v1/refunds?status=SUCCEEDED')).body.data).toHaveLength(2);
    const bad = await get('/admin/v1/refunds?status=LOST');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('lists dead-lettered webhooks until an operator resends them', async () => {
    let dead: { id: string; orderId: string; eventType: string }[] = [];
    await eventually(async () => {
      dead = (await get('/admin/v1/webhook-deliveries?status=DEAD')).body.data;
      expect(dead.map((d) => d.orderId)).toContain(a.id);
    });
    const ofA = dead.find((d) => d.orderId === a.id && d.eventType === 'order.paid')!;
    expect(ofA).toMatchObject({ status: 'DEAD', attempts: 1, lastStatusCode: 500 });

    const asViewer = await http('POST', `${url}/admin/v1/webhook-deliveries/${ofA.id}/resend`, {
      key: VIEWER_KEY,
      body: { reason: 'viewer' },
    });
    expect(asViewer.status).toBe(403);
    shop.respondWith(200);
    const resent = await http('POST', `${url}/admin/v1/webhook-deliveries/${ofA.id}/resend`, {
      key: TEST_ADMIN_KEY,
      body: { reason: 'shop fixed' },
    });
    expect(resent.status).toBe(202);
    const after = (await get('/admin/v1/webhook-deliveries?status=DEAD')).body.data;
    expect(after.map((d: { id: string }) => d.id)).not.toContain(ofA.id);
    expect((await get('/admin/v1/webhook-deliveries?status=GONE')).status).toBe(400);
  });

  it('lets a viewer read the queues and finance, and refuses a request without a key', async () => {
    const day = jakartaToday();
    for (const path of [
      '/admin/v1/refunds?status=UNKNOWN',
      '/admin/v1/webhook-deliveries?status=DEAD',
      `/admin/v1/finance/summary?date=${day}`,
      `/admin/v1/finance/orders.csv?from=${day}`,
      `/admin/v1/finance/refunds.csv?from=${day}`,
    ]) {
      expect((await get(path, VIEWER_KEY)).status).toBe(200);
      const anonymous = await get(path, null);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.code).toBe('API_KEY_MISSING');
    }
  });
});
