// Webhooks of one order go out in sequence order: a later event is not attempted while an
// earlier one of the same order is still pending delivery (a dead-lettered one no longer
// holds it back), and orders do not wait for each other.
import { DataSource } from 'typeorm';
import type { TestApp } from '../../../test/support/app.js';
import { WebhookDispatcher } from '../src/webhooks/webhook-dispatcher.js';
import {
  deliveriesOf,
  enqueue,
  insertOrder,
  startWebhookApp,
  TestShop,
  webhookEnv,
} from './webhooks.support.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('webhook delivery order within one order', () => {
  let shop: TestShop;
  let t: TestApp;
  let ds: DataSource;
  let dispatcher: WebhookDispatcher;

  const arrivals = () =>
    shop.received.map((r) => {
      const body = JSON.parse(r.body) as { type: string; data: { id: string; sequence: number } };
      return { id: String(r.headers['webhook-id']), order: body.data.id, seq: body.data.sequence };
    });

  beforeAll(async () => {
    shop = await TestShop.start();
    t = await startWebhookApp({ label: 'wh_order', env: webhookEnv(shop.url) });
    ds = t.app.get(DataSource);
    dispatcher = t.app.get(WebhookDispatcher);
  });
  beforeEach(async () => {
    shop.received.length = 0;
    shop.behaviour = () => ({ status: 204 });
    await ds.query(`UPDATE webhook_deliveries SET status = 'DEAD' WHERE status = 'PENDING'`);
  });
  afterAll(async () => {
    await t?.close();
    await shop?.close();
  });

  it('sends an order’s next event only after the earlier one was delivered', async () => {
    const orderId = await insertOrder(ds);
    // Written together, as a payment after cancellation writes order.paid and order.flagged.
    const paid = await enqueue(t, orderId, 1, 'order.paid');
    const flagged = await enqueue(t, orderId, 2, 'order.flagged');

    expect(await dispatcher.dispatchDue()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(arrivals().map((a) => a.id)).toEqual([paid]);
    expect(await dispatcher.dispatchDue()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(arrivals().map((a) => a.id)).toEqual([paid, flagged]);
  });

  it('holds the later event back while the earlier one is being retried', async () => {
    const orderId = await insertOrder(ds);
    const first = await enqueue(t, orderId, 1, 'order.pending');
    const second = await enqueue(t, orderId, 2, 'order.paid');
    shop.behaviour = (r) => ({
      status: r.headers['webhook-id'] === first && count(first) < 3 ? 500 : 204,
    });
    const count = (id: string) => arrivals().filter((a) => a.id === id).length;

    for (let i = 0; i < 100; i++) {
      await dispatcher.dispatchDue();
      const [d] = await deliveriesOf(ds, second);
      if (d.status !== 'PENDING') break;
      await sleep(10);
    }
    // Two failed attempts and a success of the first, and only then the second.
    expect(arrivals().map((a) => a.id)).toEqual([first, first, first, second]);
    expect((await deliveriesOf(ds, second))[0]).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
  });

  it('does not let a dead-lettered earlier event block the later ones forever', async () => {
    const orderId = await insertOrder(ds);
    const doomed = await enqueue(t, orderId, 1, 'order.pending');
    const later = await enqueue(t, orderId, 2, 'order.paid');
    shop.behaviour = (r) => ({ status: r.headers['webhook-id'] === doomed ? 503 : 204 });

    for (let i = 0; i < 200; i++) {
      await dispatcher.dispatchDue();
      const [d] = await deliveriesOf(ds, later);
      if (d.status !== 'PENDING') break;
      await sleep(10);
    }
    expect((await deliveriesOf(ds, doomed))[0]).toMatchObject({ status: 'DEAD', attempts: 4 });
    expect((await deliveriesOf(ds, later))[0]).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
    // The later event went out once the earlier one was given up, not before.
    expect(arrivals().map((a) => a.id)).toEqual([doomed, doomed, doomed, doomed, later]);
  });

  it('keeps delivering other orders in parallel while one order waits', async () => {
    const stuck = await insertOrder(ds);
    const stuckFirst = await enqueue(t, stuck, 1, 'order.pending');
    const stuckSecond = await enqueue(t, stuck, 2, 'order.paid');
    const others = await Promise.all(Array.from({ length: 5 }, () => insertOrder(ds)));
    const otherEvents: string[] = [];
    for (const o of others) otherEvents.push(await enqueue(t, o, 1, 'order.paid'));
    shop.behaviour = (r) => ({ status: r.headers['webhook-id'] === stuckFirst ? 500 : 204 });

    // One sweep: the head of every order is attempted, the stuck order's second event is not.
    expect(await dispatcher.dispatchDue()).toEqual({
      claimed: 6,
      delivered: 5,
      failed: 1,
      dead: 0,
    });
    expect(new Set(arrivals().map((a) => a.id))).toEqual(new Set([stuckFirst, ...otherEvents]));
    expect((await deliveriesOf(ds, stuckSecond))[0]).toMatchObject({
      status: 'PENDING',
      attempts: 0,
    });
  });

  it('parks a held-back event until its blocker’s retry, and wakes it once the blocker is delivered', async () => {
    // Backoff of a minute: the blocker's retry is far away, as with a shop that is down.
    const slow = await startWebhookApp({
      db: t.db,
      env: webhookEnv(shop.url, { WEBHOOK_BACKOFF_BASE_MS: '60000' }),
    });
    try {
      const d = slow.app.get(WebhookDispatcher);
      const orderId = await insertOrder(ds);
      const head = await enqueue(slow, orderId, 1, 'order.pending');
      const follower = await enqueue(slow, orderId, 2, 'order.paid');
      const row = async (eventId: string) =>
        (
          await ds.query(
            `SELECT id, status, attempts, next_attempt_at <= now() AS due,
                    next_attempt_at FROM webhook_deliveries WHERE event_id = $1`,
            [eventId],
          )
        )[0];
      shop.behaviour = () => ({ status: 503 });
      expect(await d.dispatchDue()).toMatchObject({ claimed: 1, failed: 1 });
      // The follower was looked at and held back: not due again right away.
      expect(await row(follower)).toMatchObject({ status: 'PENDING', attempts: 0, due: false });

      // Looked at again later, it is parked until the blocker's retry, not rescanned each sweep.
      await ds.query(`UPDATE webhook_deliveries SET next_attempt_at = now() WHERE id = $1`, [
        (await row(follower)).id,
      ]);
      expect(await d.dispatchDue()).toMatchObject({ claimed: 0 });
      expect((await row(follower)).next_attempt_at).toEqual((await row(head)).next_attempt_at);

      // The blocker's retry comes (steered here) and succeeds: the follower goes right after.
      shop.behaviour = () => ({ status: 204 });
      await ds.query(`UPDATE webhook_deliveries SET next_attempt_at = now() WHERE id = $1`, [
        (await row(head)).id,
      ]);
      expect(await d.dispatchDue()).toMatchObject({ claimed: 1, delivered: 1 });
      expect(await row(follower)).toMatchObject({ status: 'PENDING', due: true });
      expect(await d.dispatchDue()).toMatchObject({ claimed: 1, delivered: 1 });
      expect(arrivals().map((a) => a.id)).toEqual([head, head, follower]);
    } finally {
      await slow.close();
    }
  });
});
