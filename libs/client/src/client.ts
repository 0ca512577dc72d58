import { PaymentApiError, PaymentNetworkError } from './errors.js';
import type {
  AdminCancelOrderRequest,
  AdminListOrdersQuery,
  AdminOrder,
  CreateCustomerTokenRequest,
  CreateOrderRequest,
  CreateQrisPaymentRequest,
  CreateRefundRequest,
  CustomerToken,
  DecodeQrisRequest,
  ErrorBody,
  ListOrdersQuery,
  OperationId,
  Order,
  OrderEvent,
  OrderList,
  QrisDecode,
  QrisPayment,
  QrisPaymentWithEvents,
  ReconcileNow,
  Refund,
  RefundList,
  ResendWebhookRequest,
  SuccessBody,
  WebhookResend,
} from './types.js';
import { Webhooks } from './webhooks.js';

export interface PaymentClientOptions {
  /** Where the service runs, e.g. `http://localhost:3000`. */
  baseUrl: string;
  /** A service (shop) key `sk_…`, or an admin key `ak_…` for refunds and /admin routes. */
  apiKey: string;
  /** The `whsec_…` secret, for `client.webhooks.verify`. */
  webhookSecret?: string;
  /** Retries after a network error, a 503 or a 409 REQUEST_IN_PROGRESS (default 3). */
  maxRetries?: number;
  /** The longest wait between two attempts, whatever Retry-After says (default 10 s). */
  maxRetryDelayMs?: number;
  /** Per-attempt timeout (default 30 s). */
  timeoutMs?: number;
  /** Makes Idempotency-Keys (default crypto.randomUUID). */
  idempotencyKey?: () => string;
  /** A fetch to use instead of the global one. */
  fetch?: typeof fetch;
}

export interface CreateOptions {
  /** Your own key for this creation (e.g. stored with your cart); one is made otherwise. */
  idempotencyKey?: string;
}

interface Call {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Sent as Idempotency-Key on every attempt of this call: a creating call. */
  idempotencyKey?: string;
  /** Repeating it cannot do anything twice (a GET, a keyed create, a cancel). */
  safeToRepeat: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The QRIS payment service's API, typed from its OpenAPI document. Creating calls carry an
 * Idempotency-Key (the same on each of its own retries); a call is retried only where the
 * API says it is safe: no answer came (network error) on a call that cannot act twice, a
 * 409 REQUEST_IN_PROGRESS (after Retry-After), and a 503 (after Retry-After: nothing was
 * done). Any other error answer throws a PaymentApiError typed by the operation's codes.
 */
export class PaymentClient {
  readonly orders: {
    create(body: CreateOrderRequest, options?: CreateOptions): Promise<Order>;
    get(id: string): Promise<Order>;
    list(query?: ListOrdersQuery): Promise<OrderList>;
    events(id: string): Promise<{ data: OrderEvent[] }>;
    cancel(id: string): Promise<Order>;
    /** Where the QR image of a PENDING order is (fetch it with the key, or proxy it). */
    qrPngUrl(id: string): string;
  };
  /** Refunds are admin routes: use a client made with an admin key. */
  readonly refunds: {
    create(orderId: string, body: CreateRefundRequest, options?: CreateOptions): Promise<Refund>;
    get(orderId: string, refundId: string): Promise<Refund>;
    list(orderId: string): Promise<RefundList>;
  };
  /** QRIS operations for a shop's backend: pay a QR on a customer's behalf, decode a QR. */
  readonly qris: {
    /**
     * Pays a QRIS with the customer's token or authCode (idempotent by its key). On a 504
     * PAYMENT_OUTCOME_UNKNOWN the customer may have been charged: call again with
     * `{ idempotencyKey: error.idempotencyKey }`, never with a new key.
     */
    pay(body: CreateQrisPaymentRequest, options?: CreateOptions): Promise<QrisPayment>;
    getPayment(id: string): Promise<QrisPaymentWithEvents>;
    /** Exchanges an authCode or refresh token (single use: a lost answer is not retried). */
    createCustomerToken(body: CreateCustomerTokenRequest): Promise<CustomerToken>;
    decode(body: DecodeQrisRequest): Promise<QrisDecode>;
  };
  /** The admin routes a shop's back office uses: use a client made with an admin key. */
  readonly admin: {
    orders: {
      list(query?: AdminListOrdersQuery): Promise<OrderList>;
      get(id: string): Promise<AdminOrder>;
      cancel(id: string, body: AdminCancelOrderRequest): Promise<Order>;
      /** Asks DOKU about the order now and applies what the reconciler decides. */
      reconcile(id: string): Promise<ReconcileNow>;
    };
    /** The same as `client.refunds`, here for a back office that only uses `admin`. */
    refunds: PaymentClient['refunds'];
    webhookDeliveries: {
      /** Sends a delivery's event again (a new delivery): not retried after a lost answer. */
      resend(deliveryId: string, body: ResendWebhookRequest): Promise<WebhookResend>;
    };
  };
  private readonly options: Required<Omit<PaymentClientOptions, 'webhookSecret'>>;
  private webhooksVerifier?: Webhooks;

  constructor(private readonly config: PaymentClientOptions) {
    this.options = {
      maxRetries: 3,
      maxRetryDelayMs: 10_000,
      timeoutMs: 30_000,
      idempotencyKey: () => crypto.randomUUID(),
      fetch: globalThis.fetch.bind(globalThis),
      ...config,
      baseUrl: config.baseUrl.replace(/\/+$/, ''),
    };
    const id = encodeURIComponent;
    this.orders = {
      create: (body, o) =>
        this.call('createOrder', {
          method: 'POST',
          path: '/v1/orders',
          body,
          idempotencyKey: o?.idempotencyKey ?? this.options.idempotencyKey(),
          safeToRepeat: true,
        }),
      get: (orderId) =>
        this.call('getOrder', {
          method: 'GET',
          path: `/v1/orders/${id(orderId)}`,
          safeToRepeat: true,
        }),
      list: (query) =>
        this.call('listOrders', { method: 'GET', path: '/v1/orders', query, safeToRepeat: true }),
      events: (orderId) =>
        this.call('listOrderEvents', {
          method: 'GET',
          path: `/v1/orders/${id(orderId)}/events`,
          safeToRepeat: true,
        }),
      // Cancelling a CANCELLED order answers it again: repeating is safe.
      cancel: (orderId) =>
        this.call('cancelOrder', {
          method: 'POST',
          path: `/v1/orders/${id(orderId)}/cancel`,
          safeToRepeat: true,
        }),
      qrPngUrl: (orderId) => `${this.options.baseUrl}/v1/orders/${id(orderId)}/qr.png`,
    };
    this.refunds = {
      create: (orderId, body, o) =>
        this.call('refundOrder', {
          method: 'POST',
          path: `/admin/v1/orders/${id(orderId)}/refunds`,
          body,
          idempotencyKey: o?.idempotencyKey ?? this.options.idempotencyKey(),
          safeToRepeat: true,
        }),
      get: (orderId, refundId) =>
        this.call('getRefund', {
          method: 'GET',
          path: `/admin/v1/orders/${id(orderId)}/refunds/${id(refundId)}`,
          safeToRepeat: true,
        }),
      list: (orderId) =>
        this.call('listRefunds', {
          method: 'GET',
          path: `/admin/v1/orders/${id(orderId)}/refunds`,
          safeToRepeat: true,
        }),
    };
    this.qris = {
      pay: (body, o) =>
        this.call('payQris', {
          method: 'POST',
          path: '/v1/qris/payments',
          body,
          idempotencyKey: o?.idempotencyKey ?? this.options.idempotencyKey(),
          safeToRepeat: true,
        }),
      getPayment: (paymentId) =>
        this.call('getQrisPayment', {
          method: 'GET',
          path: `/v1/qris/payments/${id(paymentId)}`,
          safeToRepeat: true,
        }),
      // An authCode or refresh token is single use: if the answer was lost, DOKU may have
      // spent it, and a retry would only be refused (CUSTOMER_AUTH_FAILED).
      createCustomerToken: (body) =>
        this.call('createCustomerToken', {
          method: 'POST',
          path: '/v1/qris/customer-tokens',
          body,
          safeToRepeat: false,
        }),
      // Decoding changes nothing.
      decode: (body) =>
        this.call('decodeQris', {
          method: 'POST',
          path: '/v1/qris/decode',
          body,
          safeToRepeat: true,
        }),
    };
    this.admin = {
      orders: {
        list: (query) =>
          this.call('adminListOrders', {
            method: 'GET',
            path: '/admin/v1/orders',
            query,
            safeToRepeat: true,
          }),
        get: (orderId) =>
          this.call('adminGetOrder', {
            method: 'GET',
            path: `/admin/v1/orders/${id(orderId)}`,
            safeToRepeat: true,
          }),
        // Cancelling a CANCELLED order answers it again: repeating is safe.
        cancel: (orderId, body) =>
          this.call('adminCancelOrder', {
            method: 'POST',
            path: `/admin/v1/orders/${id(orderId)}/cancel`,
            body,
            safeToRepeat: true,
          }),
        // A second reconcile asks DOKU again and applies the same answer: nothing twice.
        reconcile: (orderId) =>
          this.call('reconcileOrder', {
            method: 'POST',
            path: `/admin/v1/orders/${id(orderId)}/reconcile`,
            safeToRepeat: true,
          }),
      },
      refunds: this.refunds,
      webhookDeliveries: {
        // Each resend is a new delivery: a repeat after a lost answer could send it twice.
        resend: (deliveryId, body) =>
          this.call('resendWebhook', {
            method: 'POST',
            path: `/admin/v1/webhook-deliveries/${id(deliveryId)}/resend`,
            body,
            safeToRepeat: false,
          }),
      },
    };
  }

  /** Verifies webhook deliveries with `webhookSecret` (Standard Webhooks). */
  get webhooks(): Webhooks {
    if (!this.config.webhookSecret)
      throw new Error('PaymentClient: pass webhookSecret (whsec_…) to verify webhooks');
    return (this.webhooksVerifier ??= new Webhooks(this.config.webhookSecret));
  }

  /** Sends one call of operation K, retrying where the API says it is safe. */
  private async call<K extends OperationId>(operation: K, call: Call): Promise<SuccessBody<K>> {
    const url = new URL(this.options.baseUrl + call.path);
    for (const [k, v] of Object.entries(call.query ?? {}))
      if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.options.apiKey}`,
      accept: 'application/json',
    };
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    if (call.idempotencyKey) headers['idempotency-key'] = call.idempotencyKey;

    for (let attempt = 0; ; attempt++) {
      const last = attempt >= this.options.maxRetries;
      let res: Response;
      try {
        res = await this.options.fetch(url, {
          method: call.method,
          headers,
          body: call.body === undefined ? undefined : JSON.stringify(call.body),
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
      } catch (err) {
        if (last || !call.safeToRepeat) throw new PaymentNetworkError(operation, err);
        await sleep(this.backoff(attempt));
        continue;
      }
      const text = await res.text();
      const body = text ? JSON.parse(text) : undefined;
      if (res.ok) return body as SuccessBody<K>;
      const retryable =
        res.status === 503 || (res.status === 409 && body?.code === 'REQUEST_IN_PROGRESS');
      if (retryable && !last) {
        await sleep(this.retryAfter(res, attempt));
        continue;
      }
      throw new PaymentApiError(
        operation,
        res.status,
        body as ErrorBody<K>,
        res.headers.get('x-request-id') ?? undefined,
        call.idempotencyKey,
        res.headers.get('idempotent-replayed') === 'true',
      );
    }
  }

  /** Exponential backoff with full jitter, for network errors. */
  private backoff(attempt: number): number {
    return Math.random() * Math.min(this.options.maxRetryDelayMs, 500 * 2 ** attempt);
  }

  /** What Retry-After asks (seconds), bounded; the backoff when it is absent. */
  private retryAfter(res: Response, attempt: number): number {
    const seconds = Number(res.headers.get('retry-after'));
    if (!Number.isFinite(seconds) || seconds < 0) return this.backoff(attempt);
    return Math.min(seconds * 1000, this.options.maxRetryDelayMs);
  }
}
