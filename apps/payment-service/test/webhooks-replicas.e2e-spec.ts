import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import type { TestApp } from '../../../test/support/app.js';
import { WebhookDispatcher, type DispatchSummary } from '../src/webhooks/webhook-dispatcher.js';
import { WebhookOutbox } from '../src/webhooks/webhook-outbox.js';
import {
  insertOrder,
  orderView,
  SECRET_A,
  startWebhookApp,
  TestShop,
  webhookEnv,
} from './webhooks.support.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sweeps until a sweep finds nothing due and nothing is left pending at all. */
async function drain(d: WebhookDispatcher, ds: DataSource): Promise<DispatchSummary> {
  const total: DispatchSummary = { claimed: 0, delivered: 0, failed: 0, dead: 0 };
  for (let i = 0; i < 500; i++) {
    const s = await d.dispatchDue(10);
    for (const k of Object.keys(total) as (keyof DispatchSummary)[]) total[k] += s[k];
    if (s.claimed === 0) {
      const [{ n }] = await ds.query(
        `SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'PENDING'`,
      );
      if (n === 0) return total;
      await sleep(5);
    }
  }
  throw new Error('deliveries still pending after 500 sweeps');
}

describe('two replicas dispatching the same outbox', () => {
  let shop: TestShop;
  let a: TestApp;
  let b: TestApp;
  let ds: DataSource;
  const inFlight = new Map<string, number>();
  let overlaps = 0;

  beforeAll(async () => {
    shop = await TestShop.start();
    a = await startWebhookApp({ label: 'wh_replicas', env: webhookEnv(shop.url) });
    b = await startWebhookApp({ db: a.db, env: webhookEnv(shop.url) });
    ds = a.app.get(DataSource);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await shop?.close();
  });

  /** Enqueues one event for each of `n` new orders, all in one transaction. */
  async function enqueueMany(n: number): Promise<string[]> {
    const orders = await Promise.all(Array.from({ length: n }, () => insertOrder(ds)));
    const outbox = a.app.get(WebhookOutbox);
    return ds.transaction(async (m) => {
      const ids: string[] = [];
      for (const orderId of orders) {
        ids.push(
          await outbox.enqueue(m, {
            orderId,
            type: 'order.paid',
            sequence: 1,
            data: orderView(orderId),
          }),
        );
      }
      return ids;
    });
  }

  /** The shop notices any webhook-id that arrives while the same id is still in flight. */
  function trackOverlaps(answer: (id: string, n: number) => number): void {
    const seen = new Map<string, number>();
    shop.behaviour = (r) => {
      const id = String(r.headers['webhook-id']);
      const nth = (seen.get(id) ?? 0) + 1;
      seen.set(id, nth);
      const now = inFlight.get(id) ?? 0;
      if (now > 0) overlaps++;
      inFlight.set(id, now + 1);
      const delayMs = 1 + Math.floor(Math.random() * 4);
      setTimeout(() => inFlight.set(id, (inFlight.get(id) ?? 1) - 1), delayMs);
      return { status: answer(id, nth), delayMs };
    };
  }

  it('delivers each of 200 events exactly once, split between the replicas', async () => {
    shop.received.length = 0;
    trackOverlaps(() => 204);
    const eventIds = await enqueueMany(200);

    const [sa, sb] = await Promise.all([
      drain(a.app.get(WebhookDispatcher), ds),
      drain(b.app.get(WebhookDispatcher), ds),
    ]);
    expect(sa.claimed + sb.claimed).toBe(200);
    expect(sa.delivered + sb.delivered).toBe(200);
    expect(sa.claimed).toBeGreaterThan(0);
    expect(sb.claimed).toBeGreaterThan(0);

    const received = shop.received.map((r) => String(r.headers['webhook-id']));
    expect(received).toHaveLength(200);
    expect(new Set(received)).toEqual(new Set(eventIds));
    for (const r of shop.received.slice(0, 20)) {
      expect(() => new Webhook(SECRET_A).verify(r.body, TestShop.headersOf(r))).not.toThrow();
    }
    const [stats] = await ds.query(
      `SELECT count(*)::int AS deliveries,
              count(*) FILTER (WHERE status = 'SUCCEEDED' AND attempts = 1)::int AS once,
              (SELECT count(*)::int FROM webhook_attempts) AS attempts
       FROM webhook_deliveries`,
    );
    expect(stats).toEqual({ deliveries: 200, once: 200, attempts: 200 });
    expect(overlaps).toBe(0);
  });

  it('retries failures without ever sending the same delivery twice at once', async () => {
    shop.received.length = 0;
    // Every event fails on its first arrival and succeeds on the second.
    trackOverlaps((_id, nth) => (nth === 1 ? 500 : 204));
    const eventIds = await enqueueMany(100);

    const [sa, sb] = await Promise.all([
      drain(a.app.get(WebhookDispatcher), ds),
      drain(b.app.get(WebhookDispatcher), ds),
    ]);
    expect(sa.failed + sb.failed).toBe(100);
    expect(sa.delivered + sb.delivered).toBe(100);

    const counts = new Map<string, number>();
    for (const r of shop.received) {
      const id = String(r.headers['webhook-id']);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    expect(counts.size).toBe(100);
    for (const id of eventIds) expect(counts.get(id)).toBe(2);
    expect(overlaps).toBe(0);
    const rows: { attempts: number; status: string; n: number }[] = await ds.query(
      `SELECT d.status, d.attempts, count(a.id)::int AS n
       FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
       LEFT JOIN webhook_attempts a ON a.delivery_id = d.id
       WHERE e.id = ANY($1) GROUP BY d.id`,
      [eventIds],
    );
    expect(rows).toHaveLength(100);
    for (const r of rows) expect(r).toEqual({ status: 'SUCCEEDED', attempts: 2, n: 2 });
  });
});
