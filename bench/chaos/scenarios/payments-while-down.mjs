// Payments made while the service is down, after a kill -9 in the middle of a sweep: the
// reconciler had claimed every open order (DOKU's queries hanging) when the process died;
// customers pay meanwhile and DOKU's notifications find nobody (its retries come 30 min
// later). Restarted with the default configuration, the service must find every payment
// within the bound (docs/reconciler.md: a dead replica hides the orders it held for at most
// 66 s with the defaults; checked: 90 s from the kill, room for the next 3 s sweep, the
// query and a loaded machine) and tell the shop once per order (one `order.paid`). Short mode
// pays 4 orders, long mode 40: the wait is the lease either way.
import { startStack, until } from '../lib/stack.mjs';
import { figures, key, orderBody, sqlClient } from '../lib/util.mjs';

/** The bound, in seconds from the kill, for a crashed replica's claimed orders. */
const BOUND_S = Number(process.env.CHAOS_CRASH_BOUND_S ?? 90);

export async function paymentsWhileDown(run, { short }) {
  const f = figures('payments while down, kill -9 mid-sweep');
  const started = Date.now();
  const N = short ? 4 : 40;
  const stack = await startStack(run, 'down', {
    // DOKU's real retry schedule (+30 min): only the reconciler can find these payments.
    simulatorEnv: { SIMULATOR_RETRY_TIME_FACTOR: '1' },
  });
  const db = sqlClient(stack.dbUrl, f);
  await db.connect();
  try {
    await stack.start();
    const orders = [];
    for (let i = 0; i < N; i++) {
      const r = await stack.api('POST', '/v1/orders', {
        body: orderBody(`INV-down-${i}`, 25_000 + i),
        headers: { 'Idempotency-Key': key('down') },
      });
      f.countAnswer(r);
      if (r.status !== 201) throw new Error(`create answered ${r.status}: ${r.text}`);
      orders.push(r.body);
    }
    const ids = orders.map((o) => o.id);
    // DOKU stops answering queries: the sweep that claims the orders stays in flight.
    await stack.setFault('query', { timeoutRate: 1 });
    const claimed = await until(
      async () => {
        const r = await db.query(
          `SELECT count(*)::int AS n FROM order_polls WHERE order_id = ANY($1) AND poll_count > 0`,
          [ids],
        );
        return r.rows[0].n === N;
      },
      { ms: 30_000, every: 50 },
    );
    if (!claimed) f.note('the sweep did not claim every order within 30 s');
    await stack.kill();
    const killedAt = Date.now();
    f.faults = 1; // the kill; then each notification that finds the service down
    await stack.clearFaults();
    for (const o of orders) {
      const r = await stack.simulator('POST', `/qris/${o.doku.referenceNo}/pay`, {});
      f.countAnswer(r);
    }
    // DOKU's notifications fail (nobody listens) before the restart: wait for those attempts.
    let failedNotifications = 0;
    await until(
      async () => {
        const ledger = await stack.ledger();
        const failed = ledger.transactions.filter((t) =>
          t.notifications.some((n) => n.attempts.some((a) => !a.ok)),
        ).length;
        failedNotifications = failed;
        return failed === N;
      },
      { ms: 10_000, every: 100 },
    );
    f.faults += failedNotifications;
    if (failedNotifications < N)
      f.note(`only ${failedNotifications}/${N} notifications failed before the restart`);
    await stack.start();
    const allPaid = await until(
      async () => {
        const r = await db.query(
          `SELECT count(*)::int AS n FROM orders WHERE id = ANY($1) AND status = 'PAID'`,
          [ids],
        );
        return r.rows[0].n === N;
      },
      { ms: (BOUND_S + 20) * 1000, every: 250 },
    );
    const seconds = (Date.now() - killedAt) / 1000;
    const paid = await db.query(
      `SELECT count(*)::int AS n FROM orders WHERE id = ANY($1) AND status = 'PAID'`,
      [ids],
    );
    f.lost = N - paid.rows[0].n;
    if (!allPaid || seconds > BOUND_S) {
      f.wrong = N - paid.rows[0].n || N;
      f.note(
        `${paid.rows[0].n}/${N} PAID ${seconds.toFixed(0)} s after the kill (bound ${BOUND_S} s)`,
      );
    } else f.note(`all ${N} PAID ${seconds.toFixed(1)} s after the kill (bound ${BOUND_S} s)`);
    // One `order.paid` per order: in the outbox and at the shop (once delivered).
    const events = await db.query(
      `SELECT order_id, count(*)::int AS n FROM webhook_events
       WHERE order_id = ANY($1) AND type = 'order.paid' GROUP BY order_id`,
      [ids],
    );
    for (const e of events.rows)
      if (e.n > 1) {
        f.duplicate++;
        f.note(`${e.n} order.paid events for ${e.order_id}`);
      }
    const delivered = await until(
      () => {
        const got = stack.webhooks.countByOrder('order.paid');
        return events.rows.every((e) => got.has(e.order_id)) && got;
      },
      { ms: 20_000, every: 100 },
    );
    if (!delivered) f.note('not every order.paid reached the shop within 20 s');
    for (const [id, n] of delivered || [])
      if (n > 1) {
        f.duplicate++;
        f.note(`shop received ${n} distinct order.paid events for ${id}`);
      }
    if (stack.webhooks.stats().badSignatures) f.note('webhooks with a bad signature');
  } finally {
    await db.end();
    await stack.close();
    f.durationMs = Date.now() - started;
  }
  return f;
}
