// Runs docs/examples/verify-webhook.mjs as a shop engineer would, and has the service
// deliver to it, so the example in the docs cannot rot.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DataSource } from 'typeorm';
import type { TestApp } from '../../../test/support/app.js';
import { WebhookDispatcher } from '../src/webhooks/webhook-dispatcher.js';
import {
  deliveriesOf,
  enqueue,
  insertOrder,
  SECRET_A,
  startWebhookApp,
  webhookEnv,
} from './webhooks.support.js';

const EXAMPLE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../docs/examples/verify-webhook.mjs',
);

describe('docs/examples/verify-webhook.mjs', () => {
  let child: ChildProcess;
  const lines: string[] = [];
  let url: string;
  let t: TestApp;
  let ds: DataSource;

  async function nextLine(matching: RegExp, ms = 5000): Promise<string> {
    const until = Date.now() + ms;
    for (;;) {
      const i = lines.findIndex((l) => matching.test(l));
      if (i >= 0) return lines.splice(i, 1)[0];
      if (Date.now() > until) throw new Error(`no line matching ${matching}; got ${lines}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  beforeAll(async () => {
    child = spawn(process.execPath, [EXAMPLE], {
      env: { ...process.env, WEBHOOK_SECRET: SECRET_A, PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    createInterface({ input: child.stdout! }).on('line', (l) => lines.push(l));
    url = (await nextLine(/^listening on /)).slice('listening on '.length);
    t = await startWebhookApp({ label: 'wh_example', env: webhookEnv(url) });
    ds = t.app.get(DataSource);
  });
  afterAll(async () => {
    child?.kill();
    await t?.close();
  });

  it('verifies and applies the events the service sends', async () => {
    const orderId = await insertOrder(ds);
    const pending = await enqueue(t, orderId, 1, 'order.pending');
    expect((await t.app.get(WebhookDispatcher).dispatchDue()).delivered).toBe(1);
    expect(await nextLine(/order\.pending/)).toBe(
      `applied order.pending ${pending} order=${orderId} status=PAID sequence=1`,
    );
    const paid = await enqueue(t, orderId, 2, 'order.paid');
    expect((await t.app.get(WebhookDispatcher).dispatchDue()).delivered).toBe(1);
    expect(await nextLine(/order\.paid/)).toBe(
      `applied order.paid ${paid} order=${orderId} status=PAID sequence=2`,
    );
  });

  it('acknowledges a resent event without applying it twice', async () => {
    const eventId = await enqueue(t, await insertOrder(ds), 1, 'order.paid');
    const dispatcher = t.app.get(WebhookDispatcher);
    await dispatcher.dispatchDue();
    await nextLine(new RegExp(`^applied order\\.paid ${eventId}`));
    const [delivered] = await deliveriesOf(ds, eventId);
    await dispatcher.resend(delivered.id, 'alice', 'example test');
    expect((await dispatcher.dispatchDue()).delivered).toBe(1);
    expect(await nextLine(new RegExp(eventId))).toMatch(/^duplicate order\.paid/);
  });

  it('ignores an event older than one it already applied (by sequence)', async () => {
    const orderId = await insertOrder(ds);
    const dispatcher = t.app.get(WebhookDispatcher);
    await enqueue(t, orderId, 5, 'order.paid');
    await dispatcher.dispatchDue();
    await nextLine(/sequence=5$/);
    const older = await enqueue(t, orderId, 4, 'order.pending');
    expect((await dispatcher.dispatchDue()).delivered).toBe(1);
    expect(await nextLine(new RegExp(older))).toMatch(/^stale order\.pending/);
  });

  it('rejects a request whose signature does not verify, so the sender retries', async () => {
    const body = JSON.stringify({ type: 'order.paid', data: { id: 'ord_x', sequence: 9 } });
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'evt_forged',
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': 'v1,Zm9yZ2VkIHNpZ25hdHVyZSBvZiBzb21lIGtpbmQgaGVyZQ==',
      },
      body,
    });
    expect(res.status).toBe(400);
    expect(await nextLine(/evt_forged/)).toBe('rejected evt_forged');
  });
});
