// The race of issue 13, many times over: orders paid after their cancellation write
// order.paid and order.flagged at once; two replicas deliver them to a shop that answers
// with a small random latency. Every order's events must arrive in sequence order, and the
// documented example consumer (docs/examples/verify-webhook.mjs) must apply every order.paid.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { formatSnapTimestamp, signAsymmetric } from '#doku-snap';
import type { DataSource } from 'typeorm';
import { startTestApp, TEST_SERVICE_KEY, type TestApp } from '../../../test/support/app.js';
import { http } from '../../../test/support/http.js';
import { startStack, type Stack } from '../../../test/support/stack.js';
import { type DispatchSummary, WebhookDispatcher } from '../src/webhooks/webhook-dispatcher.js';
import { SECRET_A } from './webhooks.support.js';

const ORDERS = 40;
const EXAMPLE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../docs/examples/verify-webhook.mjs',
);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Arrival {
  eventId: string;
  orderId: string;
  type: string;
  sequence: number;
}

/**
 * The shop: records each delivery as it arrives, waits 1-15 ms, then hands it to the
 * example consumer and answers what the consumer answered.
 */
async function startShop(
  consumerUrl: string,
): Promise<{ url: string; arrivals: Arrival[]; server: Server }> {
  const arrivals: Arrival[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const event = JSON.parse(body.toString('utf8')) as {
        type: string;
        data: { id: string; sequence: number };
      };
      arrivals.push({
        eventId: String(req.headers['webhook-id']),
        orderId: event.data.id,
        type: event.type,
        sequence: event.data.sequence,
      });
      const headers: Record<string, string> = {};
      for (const h of ['content-type', 'webhook-id', 'webhook-timestamp', 'webhook-signature']) {
        headers[h] = String(req.headers[h]);
      }
      void sleep(1 + Math.floor(Math.random() * 15))
        .then(() => fetch(consumerUrl, { method: 'POST', headers, body }))
        .then(
          (r) => res.writeHead(r.status).end(),
          () => res.writeHead(502).end(),
        );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/webhooks/payments`, arrivals, server };
}

describe('webhooks of orders paid after cancellation, two replicas, a slow shop', () => {
  let consumer: ChildProcess;
  const lines: string[] = [];
  let shop: Awaited<ReturnType<typeof startShop>>;
  let s: Stack;
  let replica: TestApp;
  let ds: DataSource;

  beforeAll(async () => {
    consumer = spawn(process.execPath, [EXAMPLE], {
      env: { ...process.env, WEBHOOK_SECRET: SECRET_A, PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    createInterface({ input: consumer.stdout! }).on('line', (l) => lines.push(l));
    for (let i = 0; i < 500 && !lines.some((l) => l.startsWith('listening on ')); i++) {
      await sleep(10);
    }
    const listening = lines.find((l) => l.startsWith('listening on '));
    if (!listening) throw new Error('the example consumer did not start');
    shop = await startShop(listening.slice('listening on '.length));
    const env = {
      WEBHOOK_URL: shop.url,
      WEBHOOK_SECRETS: SECRET_A,
      WEBHOOK_DISPATCH_INTERVAL_MS: '600000',
      HTTP_ACCESS_LOG: 'false',
      LOG_LEVEL: 'warn',
    };
    s = await startStack({ label: 'wh_order_race', env });
    replica = await startTestApp({ db: s.service.db, doku: s.service.config.doku, env });
    ds = s.service.dataSource;
  });
  afterAll(async () => {
    await replica?.close();
    await s?.close();
    shop?.server.closeAllConnections();
    await new Promise((r) => shop?.server.close(r));
    consumer?.kill();
  });

  /** DOKU's signed notification that the order was paid (after we cancelled it). */
  async function notifyPaid(order: { doku: { partnerReferenceNo: string; referenceNo: string } }) {
    const raw = JSON.stringify({
      originalReferenceNo: order.doku.referenceNo,
      originalPartnerReferenceNo: order.doku.partnerReferenceNo,
      latestTransactionStatus: '00',
      transactionStatusDesc: 'Success',
      amount: { value: '15000.00', currency: 'IDR' },
      additionalInfo: { approvalCode: '328591', issuerName: 'BCA' },
    });
    const timestamp = formatSnapTimestamp(new Date());
    const signature = signAsymmetric({
      method: 'POST',
      path: '/v1.0/qr/qr-mpm-notify',
      body: raw,
      timestamp,
      privateKeyPem: s.credentials.dokuPrivateKeyPem,
    });
    const res = await http('POST', `${s.service.url}/v1.0/qr/qr-mpm-notify`, {
      raw,
      headers: {
        'content-type': 'application/json',
        'x-timestamp': timestamp,
        'x-signature': signature,
        'x-partner-id': s.credentials.clientId,
        'x-external-id': String(Date.now()) + String(Math.random()).slice(2, 8),
      },
    });
    expect(res.status).toBe(200);
  }

  /** Both replicas sweep at once until nothing is left pending. */
  async function drainBoth(): Promise<DispatchSummary[]> {
    const sweep = async (app: TestApp) => {
      const total: DispatchSummary = { claimed: 0, delivered: 0, failed: 0, dead: 0 };
      for (let i = 0; i < 1000; i++) {
        const one = await app.app.get(WebhookDispatcher).dispatchDue();
        for (const k of Object.keys(total) as (keyof DispatchSummary)[]) total[k] += one[k];
        if (one.claimed === 0) {
          const [{ n }] = await ds.query(
            `SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'PENDING'`,
          );
          if (n === 0) return total;
          await sleep(5);
        }
      }
      throw new Error('webhook deliveries still pending after 1000 sweeps');
    };
    return Promise.all([sweep(s.service), sweep(replica)]);
  }

  it(`delivers each of ${ORDERS} orders' events in sequence order; the example applies every order.paid`, async () => {
    const orders: { id: string; doku: { partnerReferenceNo: string; referenceNo: string } }[] = [];
    for (let i = 0; i < ORDERS; i++) {
      const res = await http('POST', `${s.service.url}/v1/orders`, {
        key: TEST_SERVICE_KEY,
        body: { merchantReference: `INV-race-${i}`, amount: 1_500_000, currency: 'IDR' },
        headers: { 'Idempotency-Key': `race-${i}` },
      });
      expect(res.status).toBe(201);
      orders.push(res.body);
    }
    for (const o of orders) {
      const res = await http('POST', `${s.service.url}/v1/orders/${o.id}/cancel`, {
        key: TEST_SERVICE_KEY,
      });
      expect(res.body.status).toBe('CANCELLED');
    }
    // The customers paid anyway: order.paid (3) and order.flagged (4) written at once.
    await Promise.all(orders.map((o) => notifyPaid(o)));
    await s.simulator.notificationsIdle();

    const [a, b] = await drainBoth();
    expect(a.delivered + b.delivered).toBe(ORDERS * 4);
    expect(a.failed + b.failed + a.dead + b.dead).toBe(0);
    expect(a.claimed).toBeGreaterThan(0);
    expect(b.claimed).toBeGreaterThan(0);

    for (const o of orders) {
      const mine = shop.arrivals.filter((x) => x.orderId === o.id);
      expect(mine.map((x) => [x.sequence, x.type])).toEqual([
        [1, 'order.pending'],
        [2, 'order.cancelled'],
        [3, 'order.paid'],
        [4, 'order.flagged'],
      ]);
      const paid = mine[2];
      expect(lines).toContain(
        `applied order.paid ${paid.eventId} order=${o.id} status=PAID sequence=3`,
      );
    }
    expect(lines.filter((l) => /^(stale|rejected|duplicate) /.test(l))).toEqual([]);
  });
});
