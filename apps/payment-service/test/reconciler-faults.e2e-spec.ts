import type { EndpointFaultRule } from '#doku-simulator';
import type { DataSource } from 'typeorm';
import { OrderReconciliation } from '../src/reconciler/order-reconciliation.js';
import { ReconcilerRepository } from '../src/reconciler/reconciler.repository.js';
import { ReconcilerService } from '../src/reconciler/reconciler.service.js';
import type { Stack } from '../../../test/support/stack.js';
import {
  createOrder,
  type CreatedOrder,
  eventsOf,
  orderRow,
  reconcilerSpec,
  setNextPoll,
  type SteeredClock,
  sweep,
  webhooksOf,
} from './reconciler.support.js';

const S = 1000;

describe('reconciler under DOKU faults, and racing notifications', () => {
  const spec = reconcilerSpec('rec_faults', {
    DOKU_TIMEOUT_MS: '300',
    RECONCILER_CONCURRENCY: '8',
  });
  let s: Stack;
  let ds: DataSource;
  let clock: SteeredClock;
  beforeAll(() => ({ s, ds, clock } = spec));

  const makeAllDue = (ids: string[]) => setNextPoll(ds, ids, clock.now());
  const statuses = async (ids: string[]) =>
    (await ds.query('SELECT id, status FROM orders WHERE id = ANY($1) ORDER BY id', [ids])).map(
      (r: { status: string }) => r.status,
    );

  it('changes nothing while DOKU answers 5xx, 429 or times out, then resolves every order once it recovers', async () => {
    const create = (n: number, expiresInSeconds: number) =>
      Promise.all(
        Array.from({ length: n }, () => createOrder(s.service.url, { expiresInSeconds })),
      );
    const paidAtDoku = await create(6, 3600);
    const unpaid = await create(6, 3600);
    const expiring = await create(6, 60);
    const all = [...paidAtDoku, ...unpaid, ...expiring].map((o) => o.id);
    s.simulator.setNotificationFault({ dropRate: 1 });
    for (const o of paidAtDoku) s.simulator.pay(o.doku.referenceNo);
    // Past the 60 s validity of the `expiring` group.
    clock.advance(61 * S);
    const eventsBefore = await ds.query(
      'SELECT count(*)::int AS n FROM order_events WHERE order_id = ANY($1)',
      [all],
    );

    const faults: [string, EndpointFaultRule][] = [
      ['500', { errorRate: 1, errorStatus: 500 }],
      ['503', { errorRate: 1, errorStatus: 503 }],
      ['429', { errorRate: 1, errorStatus: 429 }],
      ['timeout', { timeoutRate: 1 }],
      ['hang-up', { timeoutRate: 1, hangUpAfterMs: 50 }],
      ['garbage', { malformedRate: 1 }],
    ];
    for (const [name, rule] of faults) {
      s.simulator.setEndpointFault('query', rule);
      await makeAllDue(all);
      const summary = await sweep(s.service.app);
      expect({ name, ...summary }).toMatchObject({ name, claimed: 18, errors: 18 });
      expect(new Set(await statuses(all))).toEqual(new Set(['PENDING']));
      const rows: { next_poll_at: Date }[] = await ds.query(
        'SELECT next_poll_at FROM order_polls WHERE order_id = ANY($1)',
        [all],
      );
      for (const r of rows) expect(r.next_poll_at.getTime()).toBeGreaterThan(clock.now().getTime());
      clock.advance(5 * S);
    }
    const eventsDuring = await ds.query(
      'SELECT count(*)::int AS n FROM order_events WHERE order_id = ANY($1)',
      [all],
    );
    expect(eventsDuring).toEqual(eventsBefore);

    // DOKU answers again, but its cancel still fails: EXPIRED anyway (validity passed, the
    // query said unpaid); the late-payment poll then finds the QR payable and cancels it.
    s.simulator.resetFaults();
    s.simulator.setNotificationFault({ dropRate: 1 });
    s.simulator.setEndpointFault('cancel', { errorRate: 1, errorStatus: 500 });
    await makeAllDue(all);
    expect(await sweep(s.service.app)).toMatchObject({
      claimed: 18,
      paid: 6,
      expired: 6,
      stillPending: 6,
      errors: 0,
    });
    for (const o of paidAtDoku) expect((await orderRow(ds, o.id)).status).toBe('PAID');
    for (const o of unpaid) expect((await orderRow(ds, o.id)).status).toBe('PENDING');
    for (const o of expiring) {
      expect((await orderRow(ds, o.id)).status).toBe('EXPIRED');
      expect(s.simulator.transaction(o.doku.referenceNo)!.cancelledAt).toBeNull();
    }

    s.simulator.resetFaults();
    clock.advance(61 * S);
    const late = await sweep(s.service.app);
    expect(late.claimed).toBeGreaterThanOrEqual(6);
    for (const o of expiring) {
      expect(s.simulator.transaction(o.doku.referenceNo)!.cancelledAt).not.toBeNull();
      expect(await webhooksOf(ds, o.id)).toEqual(['order.pending', 'order.expired']);
    }
    for (const o of paidAtDoku)
      expect(await webhooksOf(ds, o.id)).toEqual(['order.pending', 'order.paid']);
  });

  it('keeps what someone else wrote while DOKU was being asked (the lease guards every next poll)', async () => {
    const o = await createOrder(s.service.url);
    const repo = s.service.app.get(ReconcilerRepository);
    await setNextPoll(ds, o.id, clock.now());
    const now = clock.now();
    const [claim] = await repo.claimDue(now, 10, {
      fallback: new Date(now.getTime() + 60 * S),
      regular: null,
      isNextPoll: () => false,
    });
    expect(claim.order.id).toBe(o.id);
    // Meanwhile a notification asks for a poll right now (notification.unverifiable does).
    const asked = new Date(now.getTime() + 1234);
    await setNextPoll(ds, o.id, asked);
    const r = await s.service.app
      .get(OrderReconciliation)
      .reconcile(claim, { source: 'reconciler', actor: 'reconciler' });
    expect(r).toMatchObject({ outcome: 'superseded', dokuAnswer: 'unpaid' });
    expect((await orderRow(ds, o.id)).next_poll_at).toEqual(asked);
    // The bulk write of the sweep is guarded the same way.
    expect(await repo.rescheduleMany([{ claim, next: null }])).toEqual(new Set());
    expect((await orderRow(ds, o.id)).next_poll_at).toEqual(asked);
  });

  it('never applies a payment twice when the notification, a sweep and an admin reconcile race (many times)', async () => {
    const rounds = 6;
    const perRound = 8;
    const orders: CreatedOrder[] = [];
    const reconciler = s.service.app.get(ReconcilerService);
    for (let round = 0; round < rounds; round++) {
      const batch = await Promise.all(
        Array.from({ length: perRound }, () => createOrder(s.service.url)),
      );
      orders.push(...batch);
      await setNextPoll(
        ds,
        batch.map((o) => o.id),
        clock.now(),
      );
      // Paid at DOKU: its notification is on its way (held a little longer each round, so
      // that either side wins some rounds) while we sweep and reconcile at once.
      s.simulator.setNotificationFault({ delayMs: [0, 10, 30, 60, 100, 200][round] });
      for (const o of batch) s.simulator.pay(o.doku.referenceNo);
      await Promise.all([
        sweep(s.service.app),
        ...batch.map((o) => reconciler.reconcileNow(o.id, 'alice')),
      ]);
      await s.simulator.notificationsIdle();
    }
    const winners: Record<string, number> = {};
    for (const o of orders) {
      expect((await orderRow(ds, o.id)).status).toBe('PAID');
      const confirmed = (await eventsOf(ds, o.id)).filter(
        (e) => e.type === 'order.payment_confirmed',
      );
      expect(confirmed).toHaveLength(1);
      winners[confirmed[0].source] = (winners[confirmed[0].source] ?? 0) + 1;
      expect(await webhooksOf(ds, o.id)).toEqual(['order.pending', 'order.paid']);
    }
    expect(Object.values(winners).reduce((a, b) => a + b, 0)).toBe(rounds * perRound);
    // The race really happened: the notification won some orders, a poll others.
    expect(winners.notification).toBeGreaterThan(0);
    expect((winners.admin ?? 0) + (winners.reconciler ?? 0)).toBeGreaterThan(0);
    const [{ n }] = await ds.query(
      `SELECT count(*)::int AS n FROM (
         SELECT order_id, type FROM webhook_events WHERE order_id = ANY($1)
         GROUP BY order_id, type HAVING count(*) > 1) dup`,
      [orders.map((o) => o.id)],
    );
    expect(n).toBe(0);
  });
});
