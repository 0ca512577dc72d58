// The demo checkout (issue 15), dev mode only: a shop page at /demo and the few server routes
// it needs. The page holds no key: like a shop's backend, these routes call the public API
// (`/v1/orders`, through the whole HTTP pipeline by `inject`) with the dev service key, which
// stays on the server. Outside dev mode none of this is registered (404).
import { randomBytes, randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DemoConfig, ServiceConfig } from '../config/app-config.js';
import { serveAssets, servePage } from '../web/web-pages.js';
import { WebhookInbox } from './webhook-inbox.js';

export const DEMO_INBOX_PATH = '/demo/webhook-inbox';

/** Where dev mode sends webhooks when WEBHOOK_URL is unset. */
export function demoInboxUrl(base: string): string {
  return `${base.replace(/\/$/, '')}${DEMO_INBOX_PATH}`;
}

/** Dev mode without WEBHOOK_URL: webhooks go to the built-in inbox at `base`. */
export function withDemoInbox(config: ServiceConfig, base: string): ServiceConfig {
  if (!config.demo?.inbox) return config;
  return { ...config, webhooks: { ...config.webhooks, url: demoInboxUrl(base) } };
}

const ORDER_ID = /^ord_[0-9a-z]{1,64}$/;
const JSON_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

export async function registerDemo(app: NestFastifyApplication, config: ServiceConfig) {
  const demo = config.demo;
  if (!demo) return;
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  const inbox = new WebhookInbox();
  fastify.get('/demo', servePage('demo/index.html'));
  fastify.get('/demo/', servePage('demo/index.html'));
  await serveAssets(app, '/demo/assets/', ['demo', 'shared']);

  const api = publicApi(fastify, demo);
  const send = (reply: FastifyReply, r: { status: number; body: unknown; location?: string }) => {
    if (r.location) void reply.header('location', r.location);
    return reply.code(r.status).headers(JSON_HEADERS).send(r.body);
  };
  const orderId = (req: FastifyRequest, reply: FastifyReply): string | undefined => {
    const id = (req.params as { id: string }).id;
    if (ORDER_ID.test(id)) return id;
    void send(reply, {
      status: 400,
      body: { code: 'ORDER_ID_MALFORMED', message: 'Not an order id (ord_…).' },
    });
    return undefined;
  };

  // State-changing demo calls only from the demo page itself: a JSON body (another site's
  // form cannot send one without a CORS preflight, which this service never grants) and,
  // when the browser says where the call comes from, the same origin.
  const sameOrigin = async (req: FastifyRequest, reply: FastifyReply) => {
    const site = req.headers['sec-fetch-site'];
    const json = /^application\/json\b/.test(req.headers['content-type'] ?? '');
    if (!json || (site !== undefined && site !== 'same-origin')) {
      return send(reply, {
        status: 403,
        body: {
          code: 'DEMO_SAME_ORIGIN_ONLY',
          message: 'Demo calls come from the demo page only (a JSON body, same origin).',
        },
      });
    }
  };

  fastify.post('/demo/api/orders', { preHandler: sameOrigin }, async (req, reply) => {
    const amount = (req.body as { amount?: unknown } | undefined)?.amount;
    const reference = `DEMO-${new Date().toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(4).toString('hex').toUpperCase()}`;
    return send(
      reply,
      await api('POST', '/v1/orders', {
        body: {
          merchantReference: reference,
          amount,
          currency: 'IDR',
          description: 'Demo checkout',
        },
        headers: { 'idempotency-key': randomUUID() },
      }),
    );
  });
  fastify.get('/demo/api/orders/:id', async (req, reply) => {
    const id = orderId(req, reply);
    if (id) return send(reply, await api('GET', `/v1/orders/${id}`));
  });
  fastify.get('/demo/api/orders/:id/qr.svg', async (req, reply) => {
    const id = orderId(req, reply);
    if (!id) return;
    const r = await api('GET', `/v1/orders/${id}/qr.svg`, { raw: true });
    return reply
      .code(r.status)
      .headers(JSON_HEADERS)
      .type(r.status === 200 ? 'image/svg+xml' : 'application/json')
      .send(r.body);
  });
  fastify.post('/demo/api/orders/:id/cancel', { preHandler: sameOrigin }, async (req, reply) => {
    const id = orderId(req, reply);
    if (id) return send(reply, await api('POST', `/v1/orders/${id}/cancel`));
  });
  // What a customer's banking app does: pay the QR at "DOKU" (the in-process simulator),
  // which then notifies this service as DOKU would.
  fastify.post(
    '/demo/api/orders/:id/simulator-payment',
    { preHandler: sameOrigin },
    async (req, reply) => {
      const id = orderId(req, reply);
      if (!id) return;
      const order = await api('GET', `/v1/orders/${id}`);
      const qrContent = (order.body as { qrContent?: string | null }).qrContent;
      if (order.status !== 200 || !qrContent) return send(reply, order);
      const res = await fetch(`${demo.simulatorUrl}/simulator/v1/pay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ qrContent, customerName: 'DEMO CUSTOMER' }),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await res.text();
      return send(reply, { status: res.status, body: text ? (JSON.parse(text) as unknown) : {} });
    },
  );

  fastify.get('/demo/api/inbox', async (req, reply) => {
    const q = (req.query as { orderId?: string }).orderId;
    return send(reply, {
      status: 200,
      body: { webhookUrl: config.webhooks.url ?? null, inbox: demo.inbox, data: inbox.list(q) },
    });
  });
  // The receiver, in its own scope so it gets the body as the exact bytes that were signed.
  await fastify.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_r, body, done) =>
      done(null, body),
    );
    scope.post(DEMO_INBOX_PATH, async (req, reply) => {
      const delivery = inbox.receive(
        config.webhooks.secrets,
        req.headers,
        typeof req.body === 'string' ? req.body : '',
      );
      // Like a shop's backend: a 2xx only for a delivery it trusts (else the service retries).
      return delivery.verified
        ? reply.code(204).send()
        : send(reply, {
            status: 401,
            body: { code: 'WEBHOOK_SIGNATURE_INVALID', message: delivery.problem },
          });
    });
  });
}

/** Calls this service's public API as the demo shop (the dev service key, server side). */
function publicApi(fastify: FastifyInstance, demo: DemoConfig) {
  return async (
    method: 'GET' | 'POST',
    url: string,
    opts: { body?: unknown; headers?: Record<string, string>; raw?: boolean } = {},
  ): Promise<{ status: number; body: unknown; location?: string }> => {
    const res = await fastify.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${demo.serviceKey}`,
        ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...opts.headers,
      },
      ...(opts.body === undefined ? {} : { payload: JSON.stringify(opts.body) }),
    });
    const location = res.headers.location;
    return {
      status: res.statusCode,
      body: opts.raw && res.statusCode === 200 ? res.payload : res.payload ? res.json() : {},
      ...(typeof location === 'string'
        ? { location: location.replace(/^\/v1\/orders/, '/demo/api/orders') }
        : {}),
    };
  };
}
