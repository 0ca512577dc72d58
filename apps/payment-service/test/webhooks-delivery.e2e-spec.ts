import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { TEST_ADMIN_KEY, TEST_SERVICE_KEY, type TestApp } from '../../../test/support/app.js';
import { MetricsService } from '../src/metrics/metrics.service.js';
import { WebhookDeliveryStore } from '../src/webhooks/webhook-delivery.store.js';
import { WebhookDeliveryViews } from '../src/webhooks/webhook-delivery.views.js';
import { type ResendResult, WebhookDispatcher } from '../src/webhooks/webhook-dispatcher.js';
import {
  attemptsOf,
  deliveriesOf,
  enqueue,
  insertOrder,
  orderView,
  SECRET_A,
  SECRET_B,
  TestShop,
  startWebhookApp,
  webhookEnv,
} from './webhooks.support.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function attemptCount(t: TestApp, result: string): Promise<number> {
  const metric = await t.app.get(MetricsService).webhookDeliveries.get();
  return metric.values.find((v) => v.labels.result === result)?.value ?? 0;
}

/** Sweeps until the event's delivery leaves PENDING (tiny backoff), at most `rounds` times. */
async function sweepUntilSettled(t: TestApp, eventId: string, rounds = 100) {
  const ds = t.app.get(DataSource);
  const dispatcher = t.app.get(WebhookDispatcher);
  for (let i = 0; i < rounds; i++) {
    await dispatcher.dispatchDue();
    const [d] = await deliveriesOf(ds, eventId);
    if (d.status !== 'PENDING') return d;
    await sleep(10);
  }
  throw new Error(`delivery of ${eventId} still pending after ${rounds} sweeps`);
}

describe('webhook delivery to the shop', () => {
  let shop: TestShop;
  let t: TestApp;
  let ds: DataSource;
  let dispatcher: WebhookDispatcher;

  beforeAll(async () => {
    shop = await TestShop.start();
    t = await startWebhookApp({ label: 'wh_delivery', env: webhookEnv(shop.url) });
    ds = t.app.get(DataSource);
    dispatcher = t.app.get(WebhookDispatcher);
  });
  beforeEach(async () => {
    shop.received.length = 0;
    shop.behaviour = () => ({ status: 204 });
    // Each test starts with nothing due, so the sweep counts below are its own.
    await ds.query(`UPDATE webhook_deliveries SET status = 'DEAD' WHERE status = 'PENDING'`);
  });
  afterAll(async () => {
    await t?.close();
    await shop?.close();
  });

  it('POSTs the signed event once, verifiable with the standardwebhooks package', async () => {
    const before = await attemptCount(t, 'delivered');
    const orderId = await insertOrder(ds);
    const eventId = await enqueue(t, orderId, 3, 'order.paid');

    expect(await dispatcher.dispatchDue()).toEqual({
      claimed: 1,
      delivered: 1,
      failed: 0,
      dead: 0,
    });
    expect(shop.received).toHaveLength(1);
    const [req] = shop.received;
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['webhook-id']).toBe(eventId);
    const ts = Number(req.headers['webhook-timestamp']);
    expect(Math.abs(ts - Date.now() / 1000)).toBeLessThan(5);
    expect(req.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);

    const verified = new Webhook(SECRET_A).verify(req.body, TestShop.headersOf(req));
    expect(verified).toEqual({
      id: eventId,
      type: 'order.paid',
      timestamp: expect.any(String),
      data: { ...orderView(orderId), sequence: 3 },
    });
    // The body is signed byte for byte: one changed byte and verification fails.
    expect(() =>
      new Webhook(SECRET_A).verify(req.body.replace('10000', '10001'), TestShop.headersOf(req)),
    ).toThrow(/signature/i);

    const [d] = await deliveriesOf(ds, eventId);
    expect(d).toMatchObject({
      status: 'SUCCEEDED',
      attempts: 1,
      last_status_code: 204,
      last_error: null,
      next_attempt_at: null,
    });
    expect(d.delivered_at).toBeInstanceOf(Date);
    const attempts = await attemptsOf(ds, d.id);
    expect(attempts).toEqual([
      { attempt: 1, status_code: 204, error: null, duration_ms: expect.any(Number) },
    ]);
    expect(await attemptCount(t, 'delivered')).toBe(before + 1);

    // Delivered means done: the next sweep finds nothing.
    expect((await dispatcher.dispatchDue()).claimed).toBe(0);
    expect(shop.received).toHaveLength(1);
  });

  it('retries a failing endpoint with backoff until it recovers, recording every attempt', async () => {
    const huge = 'x'.repeat(50_000);
    shop.behaviour = (_r, n) => (n <= 2 ? { status: 500, body: `boom ${huge}` } : { status: 200 });
    const orderId = await insertOrder(ds);
    const eventId = await enqueue(t, orderId, 1, 'order.pending');

    expect(await dispatcher.dispatchDue()).toMatchObject({ claimed: 1, failed: 1 });
    const [afterFirst] = await ds.query(
      `SELECT status, attempts, last_status_code, last_error,
              extract(epoch FROM next_attempt_at - updated_at) * 1000 AS delay_ms
       FROM webhook_deliveries WHERE event_id = $1`,
      [eventId],
    );
    expect(afterFirst).toMatchObject({ status: 'PENDING', attempts: 1, last_status_code: 500 });
    // Base 20 ms with ±20% jitter.
    expect(Number(afterFirst.delay_ms)).toBeGreaterThanOrEqual(16);
    expect(Number(afterFirst.delay_ms)).toBeLessThanOrEqual(24);
    // Only a short snippet of the shop's body is kept.
    expect(afterFirst.last_error).toMatch(/^HTTP 500: boom x+/);
    expect(afterFirst.last_error.length).toBeLessThanOrEqual(220);

    const settled = await sweepUntilSettled(t, eventId);
    expect(settled).toMatchObject({ status: 'SUCCEEDED', attempts: 3, last_status_code: 200 });
    expect(settled.last_error).toBeNull();
    expect((await attemptsOf(ds, settled.id)).map((a) => [a.attempt, a.status_code])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
    // Same webhook-id on every retry (the shop dedupes on it); each one freshly signed.
    expect(shop.received.map((r) => r.headers['webhook-id'])).toEqual([eventId, eventId, eventId]);
    expect(new Set(shop.received.map((r) => r.body)).size).toBe(1);
    for (const r of shop.received) {
      expect(() => new Webhook(SECRET_A).verify(r.body, TestShop.headersOf(r))).not.toThrow();
    }
  });

  it('waits for the backoff before retrying', async () => {
    const slow = await startWebhookApp({
      db: t.db,
      env: webhookEnv(shop.url, { WEBHOOK_BACKOFF_BASE_MS: '60000' }),
    });
    try {
      shop.behaviour = () => ({ status: 503 });
      const eventId = await enqueue(slow, await insertOrder(ds), 1);
      const d = slow.app.get(WebhookDispatcher);
      expect(await d.dispatchDue()).toMatchObject({ claimed: 1, failed: 1 });
      expect(await d.dispatchDue()).toMatchObject({ claimed: 0 });
      const [row] = await ds.query(
        `SELECT extract(epoch FROM next_attempt_at - now()) AS wait_s
         FROM webhook_deliveries WHERE event_id = $1`,
        [eventId],
      );
      expect(Number(row.wait_s)).toBeGreaterThan(40);
      expect(Number(row.wait_s)).toBeLessThanOrEqual(72);
      expect(shop.received).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });

  it('aborts an attempt at the timeout and counts it as failed', async () => {
    const quick = await startWebhookApp({
      db: t.db,
      env: webhookEnv(shop.url, { WEBHOOK_TIMEOUT_MS: '200' }),
    });
    try {
      shop.behaviour = () => ({ status: 200, delayMs: 3000 });
      const eventId = await enqueue(quick, await insertOrder(ds), 1);
      const started = Date.now();
      expect(await quick.app.get(WebhookDispatcher).dispatchDue()).toMatchObject({
        claimed: 1,
        failed: 1,
      });
      expect(Date.now() - started).toBeLessThan(2000);
      const [d] = await deliveriesOf(ds, eventId);
      expect(d).toMatchObject({
        status: 'PENDING',
        attempts: 1,
        last_status_code: null,
        last_error: 'timeout after 200 ms',
      });
      const [a] = await attemptsOf(ds, d.id);
      expect(a.status_code).toBeNull();
      expect(a.duration_ms).toBeGreaterThanOrEqual(180);
      expect(a.duration_ms).toBeLessThan(2000);
    } finally {
      await quick.close();
    }
  });

  it('dead-letters after the last attempt and stops trying', async () => {
    const deadBefore = await attemptCount(t, 'dead');
    shop.behaviour = () => ({ status: 503, body: 'down for maintenance' });
    const eventId = await enqueue(t, await insertOrder(ds), 1, 'order.expired');
    const d = await sweepUntilSettled(t, eventId);
    expect(d).toMatchObject({
      status: 'DEAD',
      attempts: 4,
      next_attempt_at: null,
      last_status_code: 503,
      last_error: 'HTTP 503: down for maintenance',
      delivered_at: null,
    });
    expect((await attemptsOf(ds, d.id)).map((a) => a.attempt)).toEqual([1, 2, 3, 4]);
    expect(await attemptCount(t, 'dead')).toBe(deadBefore + 1);
    await sleep(50);
    expect((await dispatcher.dispatchDue()).claimed).toBe(0);
    expect(shop.received).toHaveLength(4);
  });

  it('treats a redirect or a refused connection as a failed attempt', async () => {
    shop.behaviour = () => ({ status: 302 });
    const redirected = await enqueue(t, await insertOrder(ds), 1);
    expect(await dispatcher.dispatchDue()).toMatchObject({ claimed: 1, failed: 1 });
    expect((await deliveriesOf(ds, redirected))[0]).toMatchObject({ last_status_code: 302 });

    await ds.query(`UPDATE webhook_deliveries SET status = 'DEAD' WHERE status = 'PENDING'`);
    const closed = await TestShop.start();
    const closedUrl = closed.url;
    await closed.close();
    const nowhere = await startWebhookApp({ db: t.db, env: webhookEnv(closedUrl) });
    try {
      const eventId = await enqueue(nowhere, await insertOrder(ds), 1);
      expect(await nowhere.app.get(WebhookDispatcher).dispatchDue()).toMatchObject({
        claimed: 1,
        failed: 1,
      });
      const [d] = await deliveriesOf(ds, eventId);
      expect(d.last_status_code).toBeNull();
      expect(d.last_error).toMatch(/^network error: ECONNREFUSED/);
    } finally {
      await nowhere.close();
    }
  });

  it('signs with every configured secret during rotation (either one verifies)', async () => {
    const rotating = await startWebhookApp({
      db: t.db,
      env: webhookEnv(shop.url, { WEBHOOK_SECRETS: `${SECRET_A},${SECRET_B}` }),
    });
    try {
      const eventId = await enqueue(rotating, await insertOrder(ds), 1);
      expect((await rotating.app.get(WebhookDispatcher).dispatchDue()).delivered).toBe(1);
      const [req] = shop.received;
      expect(req.headers['webhook-id']).toBe(eventId);
      expect(String(req.headers['webhook-signature']).split(' ')).toHaveLength(2);
      const headers = TestShop.headersOf(req);
      expect(new Webhook(SECRET_A).verify(req.body, headers)).toMatchObject({ id: eventId });
      expect(new Webhook(SECRET_B).verify(req.body, headers)).toMatchObject({ id: eventId });
      const other = `whsec_${Buffer.from('some-other-secret-nobody-has-!!!').toString('base64')}`;
      expect(() => new Webhook(other).verify(req.body, headers)).toThrow(/signature/i);
    } finally {
      await rotating.close();
    }
  });

  it('sends pending deliveries to the URL configured now and records it', async () => {
    const moved = await TestShop.start('/new-endpoint');
    const elsewhere = await startWebhookApp({ db: t.db, env: webhookEnv(moved.url) });
    try {
      const eventId = await enqueue(t, await insertOrder(ds), 1); // written for the old URL
      expect((await elsewhere.app.get(WebhookDispatcher).dispatchDue()).delivered).toBe(1);
      expect(moved.received.map((r) => r.headers['webhook-id'])).toEqual([eventId]);
      expect(shop.received).toHaveLength(0);
      expect((await deliveriesOf(ds, eventId))[0].url).toBe(moved.url);
    } finally {
      await elsewhere.close();
      await moved.close();
    }
  });

  it('leaves a leased delivery alone until the lease of a vanished replica runs out', async () => {
    const eventId = await enqueue(t, await insertOrder(ds), 1);
    const store = t.app.get(WebhookDeliveryStore);
    // A replica claims it with a short lease and dies before POSTing.
    const [lost] = await store.claimDue(10, 300, shop.url);
    expect(lost).toMatchObject({ eventId, attempt: 1 });

    expect((await dispatcher.dispatchDue()).claimed).toBe(0);
    await sleep(350);
    expect(await dispatcher.dispatchDue()).toMatchObject({ claimed: 1, delivered: 1 });
    const [d] = await deliveriesOf(ds, eventId);
    expect(d).toMatchObject({ status: 'SUCCEEDED', attempts: 2 });

    // The vanished replica comes back late: its result is kept as an attempt, but it
    // cannot move the delivery any more (the attempt number fences it).
    const held = await store.recordAttempt(
      lost,
      { statusCode: 500, error: 'HTTP 500', durationMs: 5 },
      { status: 'PENDING', retryInMs: 10 },
    );
    expect(held).toBe(false);
    expect((await deliveriesOf(ds, eventId))[0]).toMatchObject({
      status: 'SUCCEEDED',
      attempts: 2,
    });
    expect((await attemptsOf(ds, d.id)).map((a) => [a.attempt, a.status_code])).toEqual([
      [2, 204],
      [1, 500],
    ]);
  });

  it('never writes a secret or a signature to the logs', async () => {
    shop.behaviour = (_r, n) => (n === 1 ? { status: 500 } : { status: 204 });
    const eventId = await enqueue(t, await insertOrder(ds), 1);
    await sweepUntilSettled(t, eventId);
    expect(t.logs.text).toContain(eventId); // the failed attempt was logged…
    for (const secret of [SECRET_A, SECRET_A.slice(6)]) expect(t.logs.text).not.toContain(secret);
    for (const r of shop.received) {
      for (const sig of String(r.headers['webhook-signature']).split(' ')) {
        expect(t.logs.text).not.toContain(sig.slice(3)); // …without its signature
      }
    }
  });

  describe('admin resend (POST /admin/v1/webhook-deliveries/{id}/resend)', () => {
    const resend = (id: string, body: unknown = { reason: 'shop lost it' }, key = TEST_ADMIN_KEY) =>
      fetch(`${t.url}/admin/v1/webhook-deliveries/${id}/resend`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    it('sends a dead-lettered event again with the same webhook-id, audited', async () => {
      shop.behaviour = () => ({ status: 500 });
      const orderId = await insertOrder(ds);
      const eventId = await enqueue(t, orderId, 2, 'order.paid');
      const dead = await sweepUntilSettled(t, eventId);
      expect(dead.status).toBe('DEAD');

      shop.received.length = 0;
      shop.behaviour = () => ({ status: 200 });
      const res = await resend(dead.id, { reason: 'endpoint fixed after outage' });
      expect(res.status).toBe(202);
      const body = (await res.json()) as ResendResult;
      expect(body).toEqual({
        id: expect.stringMatching(/^whd_/),
        eventId,
        orderId,
        eventType: 'order.paid',
        status: 'PENDING',
        resentFrom: dead.id,
      });
      expect(body.id).not.toBe(dead.id);

      expect(await dispatcher.dispatchDue()).toMatchObject({ claimed: 1, delivered: 1 });
      expect(shop.received.map((r) => r.headers['webhook-id'])).toEqual([eventId]);
      expect(
        new Webhook(SECRET_A).verify(shop.received[0].body, TestShop.headersOf(shop.received[0])),
      ).toMatchObject({ id: eventId, data: { sequence: 2 } });
      const rows = await deliveriesOf(ds, eventId);
      expect(rows.map((r) => [r.id, r.status])).toEqual([
        [dead.id, 'DEAD'],
        [body.id, 'SUCCEEDED'],
      ]);

      // The admin order view lists both deliveries of the event, without payload or secret.
      const views = await t.app.get(WebhookDeliveryViews).forOrder(orderId);
      expect(views).toEqual([
        expect.objectContaining({
          id: dead.id,
          eventId,
          eventType: 'order.paid',
          sequence: 2,
          status: 'DEAD',
          attempts: 4,
          nextAttemptAt: null,
          lastStatusCode: 500,
          deliveredAt: null,
        }),
        expect.objectContaining({
          id: body.id,
          status: 'SUCCEEDED',
          attempts: 1,
          lastStatusCode: 200,
          lastError: null,
          deliveredAt: expect.stringMatching(/Z$/),
        }),
      ]);

      const audit = await ds.query(
        `SELECT type, source, actor, details FROM order_events WHERE order_id = $1`,
        [orderId],
      );
      expect(audit).toEqual([
        {
          type: 'webhook.resend',
          source: 'admin',
          actor: 'alice',
          details: {
            deliveryId: body.id,
            resentFrom: dead.id,
            eventId,
            eventType: 'order.paid',
            previousStatus: 'DEAD',
            reason: 'endpoint fixed after outage',
          },
        },
      ]);
    });

    it('resends a delivered event too (the shop lost it)', async () => {
      const eventId = await enqueue(t, await insertOrder(ds), 1);
      await dispatcher.dispatchDue();
      const [delivered] = await deliveriesOf(ds, eventId);
      expect(delivered.status).toBe('SUCCEEDED');
      const r = await t.app.get(WebhookDispatcher).resend(delivered.id, 'alice', 'replay');
      expect(r).toMatchObject({ eventId, status: 'PENDING', resentFrom: delivered.id });
      expect((await dispatcher.dispatchDue()).delivered).toBe(1);
      expect(shop.received.map((x) => x.headers['webhook-id'])).toEqual([eventId, eventId]);
    });

    it('refuses while a delivery of the event is still pending (409)', async () => {
      shop.behaviour = () => ({ status: 500 });
      const eventId = await enqueue(t, await insertOrder(ds), 1);
      await dispatcher.dispatchDue();
      const [pending] = await deliveriesOf(ds, eventId);
      expect(pending.status).toBe('PENDING');
      const res = await resend(pending.id);
      expect(res.status).toBe(409);
      expect(await res.json()).toMatchObject({
        code: 'WEBHOOK_DELIVERY_PENDING',
        message: expect.stringContaining(eventId),
        details: { pendingDeliveryId: pending.id },
      });
      expect(await deliveriesOf(ds, eventId)).toHaveLength(1);
    });

    it('lets only one of two simultaneous resends through', async () => {
      shop.behaviour = () => ({ status: 500 });
      const eventId = await enqueue(t, await insertOrder(ds), 1);
      const dead = await sweepUntilSettled(t, eventId);
      const answers = await Promise.all([resend(dead.id), resend(dead.id), resend(dead.id)]);
      expect(answers.map((a) => a.status).sort()).toEqual([202, 409, 409]);
      expect(await deliveriesOf(ds, eventId)).toHaveLength(2);
    });

    it('answers 404, 400 and 403 for unknown ids, bad input and service keys', async () => {
      const unknown = await resend('whd_0000000000000000000000aa');
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({ code: 'WEBHOOK_DELIVERY_NOT_FOUND' });

      const malformed = await resend('not-a-delivery');
      expect(malformed.status).toBe(400);
      expect(await malformed.json()).toMatchObject({ code: 'WEBHOOK_DELIVERY_ID_MALFORMED' });

      const noReason = await resend('whd_0000000000000000000000aa', {});
      expect(noReason.status).toBe(400);
      expect(await noReason.json()).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: expect.stringContaining('reason'),
      });

      const asShop = await resend('whd_0000000000000000000000aa', undefined, TEST_SERVICE_KEY);
      expect(asShop.status).toBe(403);
    });
  });
});
