import { DataSource } from 'typeorm';
import { type TestApp } from '../../../test/support/app.js';
import { WebhookOutbox } from '../src/webhooks/webhook-outbox.js';
import {
  deliveriesOf,
  enqueue,
  insertOrder,
  orderView,
  TestShop,
  startWebhookApp,
  webhookEnv,
} from './webhooks.support.js';

describe('webhook outbox (enqueue inside the caller transaction)', () => {
  let shop: TestShop;
  let t: TestApp;
  let ds: DataSource;

  beforeAll(async () => {
    shop = await TestShop.start();
    t = await startWebhookApp({ label: 'wh_outbox', env: webhookEnv(shop.url) });
    ds = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t?.close();
    await shop?.close();
  });

  it('writes the event with the Standard Webhooks payload and a PENDING delivery due now', async () => {
    const orderId = await insertOrder(ds);
    const eventId = await enqueue(t, orderId, 1, 'order.pending');
    expect(eventId).toMatch(/^evt_[0-9a-v]{24}$/);

    const [event] = await ds.query(`SELECT * FROM webhook_events WHERE id = $1`, [eventId]);
    expect(event).toMatchObject({ order_id: orderId, type: 'order.pending', sequence: 1 });
    expect(event.payload).toEqual({
      id: eventId,
      type: 'order.pending',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      data: { ...orderView(orderId), sequence: 1 },
    });

    const deliveries = await deliveriesOf(ds, eventId);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ status: 'PENDING', attempts: 0, url: shop.url });
    expect(deliveries[0].id).toMatch(/^whd_/);
    const [{ due }] = await ds.query(
      `SELECT next_attempt_at <= now() AS due FROM webhook_deliveries WHERE id = $1`,
      [deliveries[0].id],
    );
    expect(due).toBe(true);
  });

  it('writes nothing when the caller transaction rolls back', async () => {
    const orderId = await insertOrder(ds);
    const outbox = t.app.get(WebhookOutbox);
    let eventId = '';
    await expect(
      ds.transaction(async (m) => {
        eventId = await outbox.enqueue(m, {
          orderId,
          type: 'order.paid',
          sequence: 1,
          data: orderView(orderId),
        });
        throw new Error('the transition failed after the outbox write');
      }),
    ).rejects.toThrow('the transition failed');
    expect(eventId).toMatch(/^evt_/);
    expect(await ds.query(`SELECT id FROM webhook_events WHERE id = $1`, [eventId])).toEqual([]);
    expect(await deliveriesOf(ds, eventId)).toEqual([]);
  });

  it('refuses a second event with the same sequence for the same order', async () => {
    const orderId = await insertOrder(ds);
    await enqueue(t, orderId, 1);
    await expect(enqueue(t, orderId, 1)).rejects.toThrow(/unique|duplicate/i);
  });

  it('rejects an unknown event type or a non-positive sequence as a bug of the caller', async () => {
    const orderId = await insertOrder(ds);
    await expect(enqueue(t, orderId, 0)).rejects.toThrow(/sequence/);
    await expect(enqueue(t, orderId, 1, 'order.refunded' as never)).rejects.toThrow(/event type/);
  });

  it('stores the event without a delivery when no webhook URL is configured', async () => {
    const bare = await startWebhookApp({ db: t.db, env: { HTTP_ACCESS_LOG: 'false' } });
    try {
      const orderId = await insertOrder(ds);
      const eventId = await enqueue(bare, orderId, 1);
      expect(await ds.query(`SELECT id FROM webhook_events WHERE id = $1`, [eventId])).toHaveLength(
        1,
      );
      expect(await deliveriesOf(ds, eventId)).toEqual([]);
    } finally {
      await bare.close();
    }
  });
});
