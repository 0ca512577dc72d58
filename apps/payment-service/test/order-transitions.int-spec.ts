import { randomBytes } from 'node:crypto';
import { OrderTransitions } from '../src/orders/order-transitions.js';
import type { OrderRow } from '../src/orders/order.row.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';

// The one place orders change, under contention: transitions are single statements guarded
// on the row version and re-decided when the row moved (optimistic, no row lock).
describe('OrderTransitions under concurrency (real PostgreSQL)', () => {
  let t: TestApp;
  let transitions: OrderTransitions;

  beforeAll(async () => {
    t = await startTestApp({
      label: 'transitions',
      env: {
        WEBHOOK_URL: 'http://127.0.0.1:9/hooks',
        WEBHOOK_SECRETS: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      },
    });
    transitions = t.app.get(OrderTransitions);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function pendingOrder(): Promise<OrderRow> {
    const [row] = await t.dataSource.query(
      `INSERT INTO orders (id, merchant_reference, shop_key_id, amount, currency, status, partner_reference_no, terminal_id, expires_at, qr_content)
       VALUES ($1, 'INV-tx', 'shop-a', 500000, 'IDR', 'PENDING', $2, 'A01', now() + interval '15 min', 'qr') RETURNING *`,
      [`ord_${randomBytes(12).toString('hex').slice(0, 24)}`, randomBytes(16).toString('hex')],
    );
    return row;
  }
  const ctx = { source: 'notification' as const, actor: 'doku' };
  const paid = { paid_at: new Date(), paid_amount: 500000 };
  const count = async (sql: string, id: string) =>
    (await t.dataSource.query(sql, [id]))[0].n as number;

  it('applies 30 racing payment confirmations exactly once: one event, one webhook, one delivery', async () => {
    const o = await pendingOrder();
    const results = await Promise.all(
      Array.from({ length: 30 }, () => transitions.apply(o.id, 'PAYMENT_CONFIRMED', ctx, paid)),
    );
    expect(results.filter((r) => r.applied)).toHaveLength(1);
    expect(
      results.filter((r) => !r.applied).every((r) => !r.applied && r.reason === 'ALREADY_APPLIED'),
    ).toBe(true);
    expect(
      await count(
        "SELECT count(*)::int AS n FROM order_events WHERE order_id = $1 AND type = 'order.payment_confirmed'",
        o.id,
      ),
    ).toBe(1);
    expect(
      await count(
        "SELECT count(*)::int AS n FROM webhook_events WHERE order_id = $1 AND type = 'order.paid'",
        o.id,
      ),
    ).toBe(1);
    expect(
      await count(
        'SELECT count(*)::int AS n FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id WHERE e.order_id = $1',
        o.id,
      ),
    ).toBe(1);
    const [row] = await t.dataSource.query(
      'SELECT status, version, event_seq, paid_amount FROM orders WHERE id = $1',
      [o.id],
    );
    expect(row).toEqual({ status: 'PAID', version: 2, event_seq: 1, paid_amount: 500000 });
  });

  it('orders a racing expiry and payment either way without losing the money or a sequence number', async () => {
    for (let i = 0; i < 10; i++) {
      const o = await pendingOrder();
      await Promise.all([
        transitions.apply(
          o.id,
          'EXPIRED',
          { source: 'reconciler', actor: 'reconciler' },
          { next_poll_at: null },
        ),
        transitions.apply(o.id, 'PAYMENT_CONFIRMED', ctx, paid),
      ]);
      const [row] = await t.dataSource.query(
        'SELECT status, flags, event_seq FROM orders WHERE id = $1',
        [o.id],
      );
      expect(row.status).toBe('PAID'); // money always wins
      const types: { type: string; sequence: number }[] = await t.dataSource.query(
        'SELECT type, sequence FROM webhook_events WHERE order_id = $1 ORDER BY sequence',
        [o.id],
      );
      expect(types.map((w) => w.sequence)).toEqual(types.map((_, k) => k + 1));
      expect(row.event_seq).toBe(types.length);
      if (row.flags.includes('PAID_AFTER_EXPIRY')) {
        expect(types.map((w) => w.type)).toEqual(['order.expired', 'order.paid', 'order.flagged']);
      } else {
        expect(types.map((w) => w.type)).toEqual(['order.paid']);
      }
    }
  });

  it('re-decides on the current row when handed a stale one, and the caller’s extra write follows the outcome', async () => {
    const o = await pendingOrder();
    await transitions.apply(o.id, 'PAYMENT_CONFIRMED', ctx, paid);
    let extraWritten = false;
    const r = await transitions.apply(
      o.id,
      'CANCELLED',
      { source: 'api', actor: 'shop-a' },
      {},
      undefined,
      {
        current: o, // stale: still PENDING at version 1
        also: (_predicted, st, applied) => {
          extraWritten = true;
          return `UPDATE orders SET description = ${st.p('must not be written')} WHERE id = ${st.p(o.id)} AND ${applied}`;
        },
      },
    );
    expect(extraWritten).toBe(true); // built for the stale attempt...
    expect(r).toMatchObject({ applied: false, reason: 'NOT_ALLOWED', order: { status: 'PAID' } });
    const [row] = await t.dataSource.query('SELECT status, description FROM orders WHERE id = $1', [
      o.id,
    ]);
    expect(row).toEqual({ status: 'PAID', description: null }); // ...but never applied
  });

  it('writes the next poll (order_polls) in the statement of the change, and only when it applied', async () => {
    const schedule = async (id: string) =>
      (await t.dataSource.query(
        'SELECT next_poll_at, poll_count FROM order_polls WHERE order_id = $1',
        [id],
      )) as { next_poll_at: Date; poll_count: number }[];
    const at = (s: number) => new Date(Date.UTC(2030, 0, 1, 0, 0, s));

    // A date schedules an order that had no poll, or moves its poll; null removes it.
    const a = await pendingOrder();
    await transitions.apply(a.id, 'PAYMENT_CONFIRMED', ctx, { ...paid, next_poll_at: at(1) });
    expect(await schedule(a.id)).toEqual([{ next_poll_at: at(1), poll_count: 0 }]);
    const b = await pendingOrder();
    await t.dataSource.query(
      'INSERT INTO order_polls (order_id, next_poll_at, poll_count) VALUES ($1, $2, 4)',
      [b.id, at(2)],
    );
    const expired = await transitions.apply(
      b.id,
      'EXPIRED',
      { source: 'reconciler', actor: 'reconciler' },
      { next_poll_at: at(3) },
    );
    expect(expired.applied).toBe(true);
    expect(await schedule(b.id)).toEqual([{ next_poll_at: at(3), poll_count: 4 }]);

    // Refused (PAID cannot be cancelled) from a stale row: the schedule is left alone.
    const refused = await transitions.apply(
      a.id,
      'CANCELLED',
      { source: 'api', actor: 'shop-a' },
      { next_poll_at: null },
      undefined,
      { current: a },
    );
    expect(refused).toMatchObject({ applied: false, reason: 'NOT_ALLOWED' });
    expect(await schedule(a.id)).toEqual([{ next_poll_at: at(1), poll_count: 0 }]);
    // A status-guarded patch that does not match changes nothing either.
    expect(
      await t.dataSource.transaction((m) =>
        transitions.patch(m, a.id, ['PENDING'], { next_poll_at: at(9) }),
      ),
    ).toBeNull();
    expect(await schedule(a.id)).toEqual([{ next_poll_at: at(1), poll_count: 0 }]);

    const c = await pendingOrder();
    await t.dataSource.query('INSERT INTO order_polls (order_id, next_poll_at) VALUES ($1, $2)', [
      c.id,
      at(4),
    ]);
    const patched = await t.dataSource.transaction((m) =>
      transitions.patch(m, c.id, ['PENDING'], { next_poll_at: at(5) }),
    );
    expect(patched?.id).toBe(c.id);
    expect(await schedule(c.id)).toEqual([{ next_poll_at: at(5), poll_count: 0 }]);
    await transitions.apply(
      c.id,
      'CANCELLED',
      { source: 'api', actor: 'shop-a' },
      {
        next_poll_at: null,
      },
    );
    expect(await schedule(c.id)).toEqual([]);
  });
});
