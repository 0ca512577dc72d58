// Shared by the webhook specs: a test shop (node:http on port 0) that records what it
// receives and answers as told, order rows written with SQL, and outbox helpers.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp, type TestAppOptions } from '../../../test/support/app.js';
import { type DispatchSummary, WebhookDispatcher } from '../src/webhooks/webhook-dispatcher.js';
import { WebhookOutbox, type WebhookEventType } from '../src/webhooks/webhook-outbox.js';

export const SECRET_A = `whsec_${Buffer.from('test-secret-a-0123456789abcdef!!').toString('base64')}`;
export const SECRET_B = `whsec_${Buffer.from('test-secret-b-0123456789abcdef!!').toString('base64')}`;

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** What the shop answers: a status, optionally after a delay (to provoke timeouts). */
export type ShopBehaviour = (
  req: ReceivedWebhook,
  n: number,
) => { status: number; delayMs?: number; body?: string };

export class TestShop {
  readonly received: ReceivedWebhook[] = [];
  behaviour: ShopBehaviour = () => ({ status: 204 });
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(path = '/webhooks/payments'): Promise<TestShop> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const shop = new TestShop(server, `http://127.0.0.1:${port}${path}`);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const r: ReceivedWebhook = {
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          at: Date.now(),
        };
        shop.received.push(r);
        const answer = shop.behaviour(r, shop.received.length);
        const send = () => {
          if (res.destroyed) return;
          res.writeHead(answer.status, { 'content-type': 'text/plain' });
          res.end(answer.body ?? '');
        };
        if (answer.delayMs) setTimeout(send, answer.delayMs);
        else send();
      });
    });
    return shop;
  }

  /** Headers as the `standardwebhooks` package wants them (plain strings). */
  static headersOf(r: ReceivedWebhook): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(r.headers)) if (typeof v === 'string') out[k] = v;
    return out;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Writes a PENDING order row directly (the orders code is not needed for these specs). */
export async function insertOrder(ds: DataSource, amount = 10000): Promise<string> {
  const id = `ord_${randomBytes(12).toString('hex').slice(0, 24)}`;
  await ds.query(
    `INSERT INTO orders (id, merchant_reference, shop_key_id, amount, currency, status,
                         partner_reference_no, terminal_id, expires_at)
     VALUES ($1, $2, 'shop-a', $3, 'IDR', 'PENDING', $4, 'A01', now() + interval '15 minutes')`,
    [id, `INV-${id.slice(4, 12)}`, amount, randomBytes(16).toString('hex')],
  );
  return id;
}

/** The order as the API would show it (enough for the payload). */
export function orderView(orderId: string, status = 'PAID'): Record<string, unknown> {
  return { id: orderId, status, amount: 10000, currency: 'IDR', merchantReference: 'INV-1' };
}

/** Enqueues one event in its own transaction, as the orders code does inside its own. */
export async function enqueue(
  t: TestApp,
  orderId: string,
  sequence: number,
  type: WebhookEventType = 'order.paid',
): Promise<string> {
  const ds = t.app.get(DataSource);
  const outbox = t.app.get(WebhookOutbox);
  return ds.transaction((m) =>
    outbox.enqueue(m, { orderId, type, sequence, data: orderView(orderId) }),
  );
}

export interface DeliveryRow {
  id: string;
  event_id: string;
  url: string;
  status: string;
  attempts: number;
  next_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Date | null;
}

export async function deliveriesOf(ds: DataSource, eventId: string): Promise<DeliveryRow[]> {
  return ds.query(`SELECT * FROM webhook_deliveries WHERE event_id = $1 ORDER BY created_at, id`, [
    eventId,
  ]);
}

export interface AttemptRow {
  attempt: number;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

export async function attemptsOf(ds: DataSource, deliveryId: string): Promise<AttemptRow[]> {
  return ds.query(
    `SELECT attempt, status_code, error, duration_ms FROM webhook_attempts
     WHERE delivery_id = $1 ORDER BY id`,
    [deliveryId],
  );
}

/** Env for a test app delivering to `url`; the interval is parked so tests drive the sweeps. */
export function webhookEnv(
  url: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    WEBHOOK_URL: url,
    WEBHOOK_SECRETS: SECRET_A,
    WEBHOOK_BACKOFF_BASE_MS: '20',
    WEBHOOK_TIMEOUT_MS: '1000',
    WEBHOOK_MAX_ATTEMPTS: '4',
    WEBHOOK_DISPATCH_INTERVAL_MS: '600000',
    HTTP_ACCESS_LOG: 'false',
    ...extra,
  };
}

let dokuKeys: { privateKeyPem: string; publicKeyPem: string } | undefined;

/**
 * Boots the app for a webhook spec. DOKU is never called here, but the app builds its DOKU
 * client at start, so it gets a well-formed configuration pointing at a closed port.
 */
export function startWebhookApp(opts: TestAppOptions): Promise<TestApp> {
  dokuKeys ??= (() => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return {
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
  })();
  return startTestApp({
    doku: {
      baseUrl: 'http://127.0.0.1:9',
      clientId: 'test-client',
      clientSecret: 'test-secret',
      privateKeyPem: dokuKeys.privateKeyPem,
      publicKeyPems: [dokuKeys.publicKeyPem],
      merchantId: '0000',
      notificationMode: 'asymmetric',
      timeoutMs: 1000,
      terminalId: 'A01',
    },
    ...opts,
  });
}

/**
 * Sweeps until a sweep finds nothing to send. One order's events go out in sequence order,
 * the next one after the earlier was answered, so an order with three new events needs
 * three sweeps.
 */
export async function deliverAll(t: TestApp, limit = 500): Promise<DispatchSummary> {
  const total: DispatchSummary = { claimed: 0, delivered: 0, failed: 0, dead: 0 };
  const dispatcher = t.app.get(WebhookDispatcher);
  for (let i = 0; i < 100; i++) {
    const one = await dispatcher.dispatchDue(limit);
    for (const k of Object.keys(total) as (keyof DispatchSummary)[]) total[k] += one[k];
    if (one.claimed === 0) return total;
  }
  throw new Error('webhooks still being claimed after 100 sweeps');
}
