import { formatSnapTimestamp, signAsymmetric } from '#doku-snap';
import type { DataSource } from 'typeorm';
import { DokuRateLimiter } from '../src/reconciler/doku-rate-limiter.js';
import { ReconcilerService } from '../src/reconciler/reconciler.service.js';
import { TEST_ADMIN_KEY, TEST_SERVICE_KEY } from '../../../test/support/app.js';
import { http } from '../../../test/support/http.js';
import type { Stack } from '../../../test/support/stack.js';
import {
  createOrder,
  eventsOf,
  seedPendingOrders,
  orderRow,
  reconcilerSpec,
  queryCount,
  type SteeredClock,
  setNextPoll,
  sweep,
  webhooksOf,
} from './reconciler.support.js';

const S = 1000;
const MIN = 60 * S;

/** Each rule of the schedule, end to end: our API, our database, the simulator over HTTP. */
describe('reconciler schedule, end to end', () => {
  // A generous timeout: under a loaded CI machine a 1 s timeout turned a slow answer into
  // 'unknown' (backoff with jitter), which is not what these rules are about.
  const spec = reconcilerSpec('rec_schedule', { DOKU_TIMEOUT_MS: '5000' });
  let s: Stack;
  let ds: DataSource;
  let clock: SteeredClock;
  beforeAll(() => ({ s, ds, clock } = spec));

  it('makes the first poll 5 s after the QR is issued, then polls densely (every 5 s while young)', async () => {
    const o = await createOrder(s.service.url);
    const issued = await orderRow(ds, o.id);
    expect(issued.status).toBe('PENDING');
    const firstPoll = issued.next_poll_at!;
    expect(firstPoll.getTime() - issued.created_at.getTime()).toBeGreaterThanOrEqual(5 * S);
    expect(firstPoll.getTime() - issued.created_at.getTime()).toBeLessThan(7 * S);

    expect((await sweep(s.service.app)).claimed).toBe(0);
    expect(queryCount(s.simulator, o.doku.referenceNo)).toBe(0);

    clock.reach(firstPoll);
    const summary = await sweep(s.service.app);
    expect(summary).toMatchObject({ claimed: 1, stillPending: 1, errors: 0 });
    expect(queryCount(s.simulator, o.doku.referenceNo)).toBe(1);
    const after = await orderRow(ds, o.id);
    expect(after).toMatchObject({ status: 'PENDING', poll_count: 1 });
    const delay = after.next_poll_at!.getTime() - clock.now().getTime();
    expect(delay).toBeGreaterThan(4 * S);
    expect(delay).toBeLessThanOrEqual(5 * S);
  });

  it('backs off with the order’s age up to a cap of 60 s', async () => {
    const o = await createOrder(s.service.url, { expiresInSeconds: 3600 });
    const { created_at } = await orderRow(ds, o.id);
    // The steered clock keeps running: the poll happens somewhere in [before, after], and
    // its next poll is a quarter of the order's age at that moment (60 s at most) later.
    const pollBetween = async () => {
      await setNextPoll(ds, o.id, clock.now());
      const before = clock.now().getTime();
      await sweep(s.service.app);
      const after = clock.now().getTime();
      const next = (await orderRow(ds, o.id)).next_poll_at!.getTime();
      return { before, after, next };
    };
    const age = (t: number) => t - created_at.getTime();

    clock.reach(created_at, 2 * MIN);
    let p = await pollBetween();
    expect(p.next).toBeGreaterThanOrEqual(p.before + age(p.before) / 4 - 1);
    expect(p.next).toBeLessThanOrEqual(p.after + age(p.after) / 4);
    expect(age(p.before) / 4).toBeGreaterThan(29 * S); // still under the cap here

    clock.reach(created_at, 20 * MIN);
    p = await pollBetween();
    expect(p.next).toBeGreaterThanOrEqual(p.before + 60 * S);
    expect(p.next).toBeLessThanOrEqual(p.after + 60 * S);
    expect(queryCount(s.simulator, o.doku.referenceNo)).toBe(2);
  });

  it('makes the last poll at expiry, then cancels at DOKU and marks EXPIRED (one webhook), then polls for late payments', async () => {
    const o = await createOrder(s.service.url, { expiresInSeconds: 60 });
    const { expires_at } = await orderRow(ds, o.id);
    // A poll shortly before expiry schedules the last one exactly at the expiry.
    clock.reach(expires_at, -10 * S);
    await setNextPoll(ds, o.id, clock.now());
    await sweep(s.service.app);
    expect((await orderRow(ds, o.id)).next_poll_at).toEqual(expires_at);

    clock.reach(expires_at);
    expect(await sweep(s.service.app)).toMatchObject({ claimed: 1, expired: 1 });
    await s.simulator.notificationsIdle();
    const expired = await orderRow(ds, o.id);
    expect(expired.status).toBe('EXPIRED');
    const late = expired.next_poll_at!.getTime() - expires_at.getTime();
    expect(late).toBeGreaterThanOrEqual(60 * S);
    expect(late).toBeLessThan(62 * S);
    const tx = s.simulator.transaction(o.doku.referenceNo)!;
    expect(tx.cancelledAt).not.toBeNull();
    expect(tx.queryCount).toBe(2);
    expect((await eventsOf(ds, o.id)).map((e) => e.type)).toEqual([
      'order.created',
      'order.qr_issued',
      'order.expired',
      'reconciler.qr_cancelled',
    ]);
    // DOKU's cancel notification found the order EXPIRED and changed nothing.
    expect(await webhooksOf(ds, o.id)).toEqual(['order.pending', 'order.expired']);
  });

  it('catches a late payment after EXPIRED: PAID, flagged PAID_AFTER_EXPIRY, shop told', async () => {
    const o = await createOrder(s.service.url, { expiresInSeconds: 60 });
    const { expires_at } = await orderRow(ds, o.id);
    clock.reach(expires_at);
    await setNextPoll(ds, o.id, clock.now());
    await sweep(s.service.app);
    expect((await orderRow(ds, o.id)).status).toBe('EXPIRED');

    // Nothing at DOKU yet: the late polls go on, sparsely.
    clock.reach((await orderRow(ds, o.id)).next_poll_at!);
    expect(await sweep(s.service.app)).toMatchObject({ claimed: 1, stillPending: 1 });
    const second = (await orderRow(ds, o.id)).next_poll_at!;
    expect(second.getTime() - expires_at.getTime()).toBeGreaterThanOrEqual(2 * MIN);

    s.simulator.setNotificationFault({ dropRate: 1, times: 1 });
    s.simulator.pay(o.doku.referenceNo, { force: true, issuer: 'BCA' });
    clock.reach(second);
    expect(await sweep(s.service.app)).toMatchObject({ claimed: 1, paid: 1 });
    const paid = await orderRow(ds, o.id);
    expect(paid).toMatchObject({
      status: 'PAID',
      flags: ['PAID_AFTER_EXPIRY'],
      paid_amount: 2_500_000,
      next_poll_at: null,
    });
    expect(await webhooksOf(ds, o.id)).toEqual([
      'order.pending',
      'order.expired',
      'order.paid',
      'order.flagged',
    ]);
    const confirmed = (await eventsOf(ds, o.id)).filter(
      (e) => e.type === 'order.payment_confirmed',
    );
    expect(confirmed).toEqual([expect.objectContaining({ source: 'reconciler' })]);
  });

  it('stops the late-payment polls 24 h after expiry', async () => {
    const o = await createOrder(s.service.url, { expiresInSeconds: 60 });
    const { expires_at } = await orderRow(ds, o.id);
    clock.reach(expires_at);
    await setNextPoll(ds, o.id, clock.now());
    await sweep(s.service.app);
    clock.reach(expires_at, 24 * 60 * MIN);
    await setNextPoll(ds, o.id, clock.now());
    expect(await sweep(s.service.app)).toMatchObject({ claimed: 1, settled: 1 });
    expect(await orderRow(ds, o.id)).toMatchObject({ status: 'EXPIRED', next_poll_at: null });
  });

  it('resolves a payment whose notification was lost: PAID by polling, one event, one webhook', async () => {
    const o = await createOrder(s.service.url);
    s.simulator.setNotificationFault({ dropRate: 1, times: 1 });
    s.simulator.pay(o.doku.referenceNo, { issuer: 'GOPAY', customerName: 'SITI' });
    await s.simulator.notificationsIdle();
    expect((await orderRow(ds, o.id)).status).toBe('PENDING');

    clock.reach((await orderRow(ds, o.id)).next_poll_at!);
    expect(await sweep(s.service.app)).toMatchObject({ claimed: 1, paid: 1 });
    const order = (
      await http('GET', `${s.service.url}/v1/orders/${o.id}`, { key: TEST_SERVICE_KEY })
    ).body;
    expect(order).toMatchObject({
      status: 'PAID',
      flags: [],
      payment: { paidAmount: 2_500_000, issuerName: 'GOPAY', customerName: 'SITI' },
    });
    expect(order.payment.approvalCode).toBeTruthy();
    expect(await webhooksOf(ds, o.id)).toEqual(['order.pending', 'order.paid']);
    expect((await orderRow(ds, o.id)).next_poll_at).toBeNull();
  });

  describe('confirmation of a notified payment', () => {
    it('queries once, at least 60 s after payment, and records DOKU’s agreement', async () => {
      const o = await createOrder(s.service.url);
      s.simulator.pay(o.doku.referenceNo);
      await s.simulator.notificationsIdle();
      const paid = await orderRow(ds, o.id);
      expect(paid.status).toBe('PAID');
      const due = paid.next_poll_at!;
      expect(due.getTime() - paid.paid_at!.getTime()).toBeGreaterThanOrEqual(60 * S);

      clock.reach(due, -1 * S);
      expect((await sweep(s.service.app)).claimed).toBe(0);
      expect(queryCount(s.simulator, o.doku.referenceNo)).toBe(0);

      clock.reach(due);
      expect(await sweep(s.service.app)).toMatchObject({ claimed: 1, confirmed: 1 });
      expect(queryCount(s.simulator, o.doku.referenceNo)).toBe(1);
      expect(await orderRow(ds, o.id)).toMatchObject({
        status: 'PAID',
        flags: [],
        next_poll_at: null,
      });
      expect((await eventsOf(ds, o.id)).map((e) => e.type)).toContain(
        'reconciler.payment_verified',
      );
      expect(await webhooksOf(ds, o.id)).toEqual(['order.pending', 'order.paid']);
    });

    it('flags STATUS_DISAGREEMENT (status unchanged, shop told) when DOKU does not show the payment', async () => {
      const o = await createOrder(s.service.url);
      // A notification DOKU signed, for a QR its query will show unpaid.
      const raw = JSON.stringify({
        originalReferenceNo: o.doku.referenceNo,
        originalPartnerReferenceNo: o.doku.partnerReferenceNo,
        latestTransactionStatus: '00',
        transactionStatusDesc: 'Success',
        amount: { value: '25000.00', currency: 'IDR' },
        additionalInfo: { approvalCode: '111111', issuerName: 'BCA' },
      });
      const timestamp = formatSnapTimestamp(new Date());
      const res = await http('POST', `${s.service.url}/v1.0/qr/qr-mpm-notify`, {
        raw,
        headers: {
          'content-type': 'application/json',
          'x-timestamp': timestamp,
          'x-signature': signAsymmetric({
            method: 'POST',
            path: '/v1.0/qr/qr-mpm-notify',
            body: raw,
            timestamp,
            privateKeyPem: s.credentials.dokuPrivateKeyPem,
          }),
          'x-partner-id': s.credentials.clientId,
          'x-external-id': '20260115000001',
        },
      });
      expect(res.status).toBe(200);
      const paid = await orderRow(ds, o.id);
      expect(paid.status).toBe('PAID');

      clock.reach(paid.next_poll_at!);
      expect(await sweep(s.service.app)).toMatchObject({ claimed: 1, flagged: 1 });
      expect(await orderRow(ds, o.id)).toMatchObject({
        status: 'PAID',
        flags: ['STATUS_DISAGREEMENT'],
        next_poll_at: null,
      });
      const flagged = (await eventsOf(ds, o.id)).filter((e) => e.type === 'order.flagged');
      expect(flagged).toEqual([
        expect.objectContaining({
          source: 'reconciler',
          details: expect.objectContaining({ flag: 'STATUS_DISAGREEMENT', dokuStatus: '03' }),
        }),
      ]);
      expect(await webhooksOf(ds, o.id)).toEqual(['order.pending', 'order.paid', 'order.flagged']);
    });
  });

  describe('POST /admin/v1/orders/{id}/reconcile', () => {
    it('runs the same logic for one order now and answers the result, audited with the admin', async () => {
      const o = await createOrder(s.service.url);
      s.simulator.setNotificationFault({ dropRate: 1, times: 1 });
      s.simulator.pay(o.doku.referenceNo);
      const res = await http('POST', `${s.service.url}/admin/v1/orders/${o.id}/reconcile`, {
        key: TEST_ADMIN_KEY,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        orderId: o.id,
        outcome: 'paid',
        dokuAnswer: 'paid',
        nextPollAt: null,
        order: { id: o.id, status: 'PAID' },
      });
      const confirmed = (await eventsOf(ds, o.id)).filter(
        (e) => e.type === 'order.payment_confirmed',
      );
      expect(confirmed).toEqual([expect.objectContaining({ source: 'admin', actor: 'alice' })]);

      // Again, within 60 s of the payment: DOKU is not asked yet (its advice), nothing changes,
      // and the confirming query is scheduled for 60 s after the payment.
      const queries = queryCount(s.simulator, o.doku.referenceNo);
      const again = await http('POST', `${s.service.url}/admin/v1/orders/${o.id}/reconcile`, {
        key: TEST_ADMIN_KEY,
      });
      expect(again.body).toMatchObject({
        outcome: 'stillPending',
        dokuAnswer: null,
        order: { status: 'PAID' },
      });
      const paidAt = Date.parse(again.body.order.payment.paidAt);
      expect(Date.parse(again.body.nextPollAt) - paidAt).toBe(60 * S);
      expect(queryCount(s.simulator, o.doku.referenceNo)).toBe(queries);
      expect(await webhooksOf(ds, o.id)).toEqual(['order.pending', 'order.paid']);
    });

    it('answers 404, 400 and 401/403 as the API does', async () => {
      const missing = await http(
        'POST',
        `${s.service.url}/admin/v1/orders/ord_000000000000000000000000/reconcile`,
        { key: TEST_ADMIN_KEY },
      );
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('ORDER_NOT_FOUND');
      const bad = await http('POST', `${s.service.url}/admin/v1/orders/nope/reconcile`, {
        key: TEST_ADMIN_KEY,
      });
      expect(bad.status).toBe(400);
      const shop = await http(
        'POST',
        `${s.service.url}/admin/v1/orders/ord_000000000000000000000000/reconcile`,
        { key: TEST_SERVICE_KEY },
      );
      expect([401, 403]).toContain(shop.status);
      const anonymous = await http(
        'POST',
        `${s.service.url}/admin/v1/orders/ord_000000000000000000000000/reconcile`,
      );
      expect(anonymous.status).toBe(401);
    });
  });

  describe('the claim’s lease', () => {
    // Every write of an `order_polls` row, counted by a trigger for these tests.
    beforeAll(async () => {
      await ds.query(`
        CREATE TABLE test_poll_writes (order_id text NOT NULL, op text NOT NULL);
        CREATE FUNCTION test_count_poll_write() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO test_poll_writes VALUES (COALESCE(NEW.order_id, OLD.order_id), TG_OP);
          RETURN NULL;
        END $$;
        CREATE TRIGGER test_poll_writes AFTER UPDATE OR DELETE ON order_polls
          FOR EACH ROW EXECUTE FUNCTION test_count_poll_write();`);
    });
    afterAll(async () => {
      await ds.query(`
        DROP TRIGGER test_poll_writes ON order_polls;
        DROP FUNCTION test_count_poll_write();
        DROP TABLE test_poll_writes;`);
    });
    const writesOf = async (id: string): Promise<number> =>
      Number(
        (await ds.query('SELECT count(*) AS n FROM test_poll_writes WHERE order_id = $1', [id]))[0]
          .n,
      );
    const seed = (n: number, ageMs: number, expiresInMs = 30 * MIN) => {
      const now = clock.now().getTime();
      return seedPendingOrders(ds, s.simulator, n, {
        createdAt: new Date(now - ageMs),
        expiresAt: new Date(now + expiresInMs),
        nextPollAt: new Date(now - S),
      });
    };

    it('is the next poll of an order polled every 60 s: a poll that changes nothing writes once (the claim)', async () => {
      const old = await seed(5, 10 * MIN);
      const young = await seed(1, 30 * S);
      const [nearExpiry] = await seed(1, 10 * MIN, 40 * S);
      const before = clock.now().getTime();
      expect(await sweep(s.service.app)).toMatchObject({ claimed: 7, stillPending: 7 });
      const after = clock.now().getTime();
      for (const o of old) {
        expect(queryCount(s.simulator, o.partnerReferenceNo)).toBe(1);
        expect(await writesOf(o.id)).toBe(1);
        const next = (await orderRow(ds, o.id)).next_poll_at!.getTime();
        expect(next).toBeGreaterThanOrEqual(before + 60 * S);
        expect(next).toBeLessThanOrEqual(after + 60 * S);
      }
      // A young order is polled again within seconds, sooner than its work may take: its
      // claim holds it by a longer lease, and the poll writes its next time when done.
      const [y] = young;
      expect(queryCount(s.simulator, y.partnerReferenceNo)).toBe(1);
      expect(await writesOf(y.id)).toBe(2);
      const next = (await orderRow(ds, y.id)).next_poll_at!.getTime();
      expect(next).toBeGreaterThanOrEqual(before + 5 * S);
      expect(next).toBeLessThanOrEqual(after + 10 * S);
      // So is an old order whose QR expires within the minute: its last poll is at the expiry.
      expect(await writesOf(nearExpiry.id)).toBe(2);
      const last = await orderRow(ds, nearExpiry.id);
      expect(last.next_poll_at).toEqual(last.expires_at);
    });

    it('skips an order whose lease ran short before its query could start: not asked, nothing written, due again at the lease', async () => {
      const [o] = await seed(1, 10 * MIN);
      // The worker (or the rate limit's token) comes 50 s after the claim: too late to ask
      // DOKU within the lease (60 s, minus what a query may take).
      const limiter = s.service.app.get(DokuRateLimiter);
      const take = limiter.take.bind(limiter);
      limiter.take = () => {
        clock.advance(50 * S);
        return take();
      };
      const claimedAt = clock.now().getTime();
      try {
        expect(await sweep(s.service.app)).toMatchObject({ claimed: 1, skipped: 1, errors: 0 });
      } finally {
        limiter.take = take;
      }
      expect(queryCount(s.simulator, o.partnerReferenceNo)).toBe(0);
      expect(await writesOf(o.id)).toBe(1);
      const lease = (await orderRow(ds, o.id)).next_poll_at!;
      expect(lease.getTime()).toBeGreaterThanOrEqual(claimedAt + 60 * S);
      expect(lease.getTime()).toBeLessThan(claimedAt + 62 * S);
      expect((await sweep(s.service.app)).claimed).toBe(0);

      clock.reach(lease);
      expect(await sweep(s.service.app)).toMatchObject({ claimed: 1, stillPending: 1 });
      expect(queryCount(s.simulator, o.partnerReferenceNo)).toBe(1);
    });
  });

  it('reports how far behind the sweep is (reconciler_lag_seconds)', async () => {
    const o = await createOrder(s.service.url);
    await setNextPoll(ds, o.id, new Date(clock.now().getTime() - 90 * S));
    const lag = await s.service.app.get(ReconcilerService).updateLag();
    expect(lag).toBeGreaterThanOrEqual(90);
    expect(lag).toBeLessThan(95);
    const metrics = await http('GET', `${s.service.url}/metrics`);
    const line = metrics.text.split('\n').find((l) => l.startsWith('reconciler_lag_seconds '));
    expect(Number(line!.split(' ')[1])).toBeGreaterThanOrEqual(90);
    await sweep(s.service.app);
    expect(await s.service.app.get(ReconcilerService).updateLag()).toBe(0);
  });
});
