// An example shop backend that integrates the payment service through the typed client
// only (libs/client; a real shop imports '@qris-payment/client'). It creates an order and
// shows its QR, fulfils each order exactly once when it is paid, hands flagged orders to a
// person, and refunds. Its state is in memory to keep the example short: a real shop keeps
// the same three facts in its database (event ids seen, last sequence per order,
// fulfilments keyed by order), each written in the transaction that acts on the event.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  PaymentApiError,
  PaymentClient,
  type Order,
  type WebhookEvent,
} from '../../../libs/client/src/index.js';

export interface ShopOptions {
  /** The payment service, e.g. http://localhost:3000. */
  paymentsUrl: string;
  /** The shop's service key (sk_…). */
  serviceKey: string;
  /** An admin key (ak_…): refunds are admin operations. */
  adminKey: string;
  /** The webhook signing secret (whsec_…). */
  webhookSecret: string;
  /** Sees every webhook delivery as received, before verification (for a log). */
  onWebhook?: (rawBody: Buffer, headers: IncomingMessage['headers']) => void;
}

export interface Fulfilment {
  orderId: string;
  cartId: string;
  eventId: string;
}

/** What the shop did, for its own pages (and the tests). */
export interface ShopState {
  fulfilments: Fulfilment[];
  /** Orders a person must look at, with why. */
  flagged: Map<string, string[]>;
  refunds: { orderId: string; refundId: string; status: string }[];
  /** Events received: how many deliveries, and how many were duplicates or stale. */
  received: number;
  ignored: number;
}

export class Shop {
  readonly state: ShopState = {
    fulfilments: [],
    flagged: new Map(),
    refunds: [],
    received: 0,
    ignored: 0,
  };
  private readonly payments: PaymentClient;
  private readonly admin: PaymentClient;
  private readonly seenEvents = new Set<string>();
  private readonly lastSequence = new Map<string, number>();
  private readonly fulfilled = new Set<string>();
  /** Webhooks are handled one at a time: the checks and the writes of one event never interleave. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ShopOptions) {
    this.payments = new PaymentClient({
      baseUrl: options.paymentsUrl,
      apiKey: options.serviceKey,
      webhookSecret: options.webhookSecret,
    });
    this.admin = new PaymentClient({ baseUrl: options.paymentsUrl, apiKey: options.adminKey });
  }

  /** Checkout: one order per cart (the cart id makes the Idempotency-Key), and its QR. */
  async checkout(cartId: string, amount: number): Promise<{ order: Order; qrPage: string }> {
    const order = await this.payments.orders.create(
      { merchantReference: `CART-${cartId}`, amount, currency: 'IDR', metadata: { cartId } },
      { idempotencyKey: `cart-${cartId}` },
    );
    return { order, qrPage: qrPage(order) };
  }

  async cancel(orderId: string): Promise<Order> {
    return this.payments.orders.cancel(orderId);
  }

  async refund(orderId: string, amount: number, reason: string) {
    const refund = await this.admin.refunds.create(orderId, { amount, reason });
    this.state.refunds.push({ orderId, refundId: refund.id, status: refund.status });
    return refund;
  }

  /** One webhook delivery: verify it, then apply it once, in order. Answers the HTTP status. */
  receive(rawBody: Buffer, headers: IncomingMessage['headers']): Promise<number> {
    this.options.onWebhook?.(rawBody, headers);
    let event: WebhookEvent;
    try {
      event = this.payments.webhooks.verify(rawBody, headers);
    } catch {
      return Promise.resolve(400); // forged, altered or stale: the service tries again later
    }
    const handled = this.queue.then(() => this.apply(event));
    this.queue = handled.catch(() => undefined);
    return handled.then(() => 204);
  }

  private async apply(event: WebhookEvent): Promise<void> {
    this.state.received++;
    const order = event.data;
    // A retry or an admin resend carries the same event id; an event older than one we have
    // for the order says less than what we know.
    if (this.seenEvents.has(event.id) || (this.lastSequence.get(order.id) ?? 0) >= order.sequence) {
      this.state.ignored++;
      return;
    }
    switch (event.type) {
      case 'order.paid':
        this.fulfil(order, event.id);
        break;
      case 'order.flagged':
        // AMOUNT_MISMATCH (not PAID: nothing to fulfil, settle with the customer),
        // PAID_AFTER_EXPIRY (PAID: it was fulfilled on order.paid; refund or ship, a person
        // decides), STATUS_DISAGREEMENT (DOKU and the service disagree).
        this.state.flagged.set(order.id, order.flags);
        break;
      case 'refund.succeeded':
      case 'refund.failed': {
        const mine = this.state.refunds.find((r) => r.refundId === order.refund?.id);
        if (mine && order.refund) mine.status = order.refund.status;
        break;
      }
      default:
        break; // order.pending, .failed, .expired, .cancelled, and types added later
    }
    this.seenEvents.add(event.id);
    this.lastSequence.set(order.id, order.sequence);
  }

  /** Ships the cart of a paid order, once per order whatever the events. */
  private fulfil(order: WebhookEvent['data'], eventId: string): void {
    if (this.fulfilled.has(order.id)) return;
    this.fulfilled.add(order.id);
    this.state.fulfilments.push({
      orderId: order.id,
      cartId: String(order.metadata?.cartId),
      eventId,
    });
  }

  /** The shop's HTTP side: POST /checkout, POST /webhooks, POST /orders/{id}/refund. */
  listen(port = 0): Promise<{ server: Server; url: string }> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.route(req, Buffer.concat(chunks), res).catch((err: unknown) => {
          const status = err instanceof PaymentApiError ? err.status : 500;
          const body = err instanceof PaymentApiError ? err.body : { message: String(err) };
          send(res, status, body);
        });
      });
    });
    return new Promise((resolve) =>
      server.listen(port, '127.0.0.1', () => {
        const a = server.address();
        resolve({ server, url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : port}` });
      }),
    );
  }

  private async route(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    if (req.method === 'POST' && url === '/webhooks') {
      res.writeHead(await this.receive(body, req.headers)).end();
      return;
    }
    if (req.method === 'POST' && url === '/checkout') {
      const { cartId, amount } = JSON.parse(body.toString('utf8'));
      const { order, qrPage: page } = await this.checkout(cartId, amount);
      res
        .writeHead(201, { 'content-type': 'text/html', location: `/orders/${order.id}` })
        .end(page);
      return;
    }
    const refund = /^\/orders\/([^/]+)\/refund$/.exec(url);
    if (req.method === 'POST' && refund) {
      const { amount, reason } = JSON.parse(body.toString('utf8'));
      send(res, 201, await this.refund(refund[1], amount, reason));
      return;
    }
    send(res, 404, { message: 'no such page' });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const escape = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** The checkout page: the QRIS payload to scan (render it with any QR library) and the amount. */
export function qrPage(order: Order): string {
  const rupiah = (order.amount / 100).toLocaleString('id-ID');
  return `<!doctype html><title>Pay ${escape(order.merchantReference)}</title>
<h1>Scan to pay Rp ${rupiah}</h1>
<p>Valid until ${escape(order.expiresAt)}</p>
<pre id="qris">${escape(order.qrContent ?? '')}</pre>`;
}
