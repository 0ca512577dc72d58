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

async function waitFor(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await sleep(10);
  }
}

describe('the dispatch interval', () => {
  let shop: TestShop;
  let base: TestApp; // interval parked: writes events, reads rows
  let ds: DataSource;

  beforeAll(async () => {
    shop = await TestShop.start();
    base = await startWebhookApp({ label: 'wh_schedule', env: webhookEnv(shop.url) });
    ds = base.app.get(DataSource);
  });
  afterAll(async () => {
    await base?.close();
    await shop?.close();
  });

  it('delivers on its own every WEBHOOK_DISPATCH_INTERVAL_MS, one sweep at a time, and logs it', async () => {
    const ticking = await startWebhookApp({
      db: base.db,
      env: webhookEnv(shop.url, { WEBHOOK_DISPATCH_INTERVAL_MS: '20' }),
    });
    try {
      // Count overlapping sweeps around the real method (the sweep itself still runs).
      const dispatcher = ticking.app.get(WebhookDispatcher);
      const original = dispatcher.dispatchDue.bind(dispatcher);
      let inFlight = 0;
      let maxInFlight = 0;
      let calls = 0;
      dispatcher.dispatchDue = async (limit?: number) => {
        calls++;
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        try {
          return await original(limit);
        } finally {
          inFlight--;
        }
      };
      // The shop takes far longer than the interval: ticks during the sweep are skipped.
      shop.behaviour = () => ({ status: 204, delayMs: 300 });
      const eventId = await enqueue(base, await insertOrder(ds), 1);
      await waitFor(async () => (await deliveriesOf(ds, eventId))[0].status === 'SUCCEEDED');
      await sleep(60);

      expect(shop.received.map((r) => r.headers['webhook-id'])).toEqual([eventId]);
      expect(maxInFlight).toBe(1);
      expect(calls).toBeGreaterThan(1);
      // Nest's static Logger writes to one app's stream when several apps share a process.
      const sweep = [...ticking.logs.lines, ...base.logs.lines]
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l.msg === 'webhook sweep');
      expect(sweep).toMatchObject({
        context: 'WebhookDispatcher',
        claimed: 1,
        delivered: 1,
        failed: 0,
        dead: 0,
      });
    } finally {
      await ticking.close();
    }
  });

  it('stops on app.close(), after the running sweep has recorded its attempt', async () => {
    shop.received.length = 0;
    const ticking = await startWebhookApp({
      db: base.db,
      env: webhookEnv(shop.url, { WEBHOOK_DISPATCH_INTERVAL_MS: '20' }),
    });
    shop.behaviour = () => ({ status: 204, delayMs: 300 });
    const first = await enqueue(base, await insertOrder(ds), 1);
    await waitFor(() => shop.received.length === 1);
    await ticking.close(); // while the shop is still answering
    expect((await deliveriesOf(ds, first))[0]).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });

    const second = await enqueue(base, await insertOrder(ds), 1);
    await sleep(200);
    expect(shop.received).toHaveLength(1);
    expect((await deliveriesOf(ds, second))[0]).toMatchObject({ status: 'PENDING', attempts: 0 });
  });

  it('refuses to start with a webhook URL but no signing secret', async () => {
    await expect(
      startWebhookApp({ db: base.db, env: webhookEnv(shop.url, { WEBHOOK_SECRETS: '' }) }),
    ).rejects.toThrow(/WEBHOOK_SECRETS/);
  });
});
