// Shared by the refund and admin specs: paid orders made the real way (create over HTTP,
// pay in the DOKU simulator, DOKU's notification marks them PAID) and refund helpers.
import { randomUUID } from 'node:crypto';
import { TEST_ADMIN_KEY, TEST_SERVICE_KEY } from '../../../test/support/app.js';
import { http, type HttpResult } from '../../../test/support/http.js';
import type { Stack } from '../../../test/support/stack.js';

export interface CreatedOrder {
  id: string;
  amount: number;
  doku: { partnerReferenceNo: string; referenceNo: string };
}

export async function createOrder(s: Stack, amount = 1_000_000): Promise<CreatedOrder> {
  const res = await http('POST', `${s.service.url}/v1/orders`, {
    key: TEST_SERVICE_KEY,
    body: { merchantReference: `INV-${randomUUID().slice(0, 8)}`, amount, currency: 'IDR' },
    headers: { 'Idempotency-Key': randomUUID() },
  });
  if (res.status !== 201) throw new Error(`order not created: ${res.status} ${res.text}`);
  return res.body as CreatedOrder;
}

/** An order the customer paid at DOKU, PAID on our side through DOKU's notification. */
export async function paidOrder(
  s: Stack,
  amount = 1_000_000,
  pay: { amountMinor?: number; force?: boolean } = {},
): Promise<CreatedOrder> {
  const order = await createOrder(s, amount);
  s.simulator.pay(order.doku.referenceNo, pay);
  await s.simulator.notificationsIdle();
  return order;
}

export function refund(
  s: Stack,
  orderId: string,
  body: unknown,
  opts: { key?: string | null; idempotencyKey?: string | null } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = {};
  if (opts.idempotencyKey !== null)
    headers['Idempotency-Key'] = opts.idempotencyKey ?? randomUUID();
  return http('POST', `${s.service.url}/admin/v1/orders/${orderId}/refunds`, {
    key: opts.key === null ? undefined : (opts.key ?? TEST_ADMIN_KEY),
    body,
    headers,
  });
}

export async function adminOrder(s: Stack, orderId: string) {
  const res = await http('GET', `${s.service.url}/admin/v1/orders/${orderId}`, {
    key: TEST_ADMIN_KEY,
  });
  if (res.status !== 200) throw new Error(`admin order: ${res.status} ${res.text}`);
  return res.body;
}

/** Refund rows of an order, straight from the database. */
export async function refundRows(s: Stack, orderId: string) {
  return (await s.service.dataSource.query(
    'SELECT id, amount, status FROM refunds WHERE order_id = $1 ORDER BY created_at',
    [orderId],
  )) as { id: string; amount: number; status: string }[];
}

/** What DOKU (the simulator) holds as refunds of the order's QR. */
export function dokuRefunds(s: Stack, order: CreatedOrder) {
  return s.simulator.transaction(order.doku.referenceNo)!.refunds;
}

/** Polls until `check` passes or `ms` runs out (the last failure is rethrown). */
export async function eventually(check: () => Promise<void>, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
