import { TEST_ADMIN_KEY, TEST_SERVICE_KEY } from '../../../test/support/app.js';
import { http } from '../../../test/support/http.js';
import { find, scrape, value, type Sample } from '../../../test/support/prometheus.js';
import { startStack, type Stack } from '../../../test/support/stack.js';
import { WebhookDispatcher } from '../src/webhooks/webhook-dispatcher.js';
import { createOrder, paidOrder, refund } from './refunds.support.js';
import { SECRET_A, TestShop } from './webhooks.support.js';

/**
 * Every series an operator alerts on has samples after real traffic: orders created and
 * paid through the DOKU simulator over HTTP, a refund whose answer is lost, a webhook that
 * the shop refuses until it is dead-lettered. Scraped from GET /metrics as Prometheus does.
 */
describe('GET /metrics after real traffic', () => {
  let s: Stack;
  let shop: TestShop;

  beforeAll(async () => {
    shop = await TestShop.start();
    shop.behaviour = () => ({ status: 500 });
    s = await startStack({
      label: 'metrics',
      env: {
        WEBHOOK_URL: shop.url,
        WEBHOOK_SECRETS: SECRET_A,
        WEBHOOK_MAX_ATTEMPTS: '1',
        WEBHOOK_DISPATCH_INTERVAL_MS: '600000',
        DOKU_TIMEOUT_MS: '500',
      },
    });
  });
  afterAll(async () => {
    await s?.close();
    await shop?.close();
  });

  const metrics = () => scrape(s.service.url);
  const count = (m: Sample[], name: string, labels: Record<string, string>) =>
    find(m, `${name}_count`, labels).reduce((n, x) => n + x.value, 0);

  it('records RED per route template: method, route (never the raw URL) and status', async () => {
    const order = await createOrder(s, 50_000);
    const got = await http('GET', `${s.service.url}/v1/orders/${order.id}`, {
      key: TEST_SERVICE_KEY,
    });
    expect(got.status).toBe(200);
    const missing = await http('GET', `${s.service.url}/v1/no-such-route/ord_123?token=x`);
    expect(missing.status).toBe(404);
    const unauthorized = await http('GET', `${s.service.url}/v1/orders/${order.id}`);
    expect(unauthorized.status).toBe(401);

    const m = await metrics();
    const http_ = 'http_request_duration_seconds';
    expect(count(m, http_, { method: 'POST', route: '/v1/orders', status: '201' })).toBe(1);
    expect(count(m, http_, { method: 'GET', route: '/v1/orders/:id', status: '200' })).toBe(1);
    expect(count(m, http_, { method: 'GET', route: '/v1/orders/:id', status: '401' })).toBe(1);
    expect(count(m, http_, { method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    expect(find(m, `${http_}_bucket`, { route: '/v1/orders/:id', le: '+Inf' })).not.toEqual([]);
    // No id, query string or unmatched path ever becomes a label value.
    const routes = new Set(find(m, `${http_}_count`).map((x) => x.labels.route));
    expect([...routes].filter((r) => /ord_|\?|no-such-route/.test(r))).toEqual([]);
  });

  it('times DOKU calls by operation, outcome and responseCode, token requests included', async () => {
    const m = await metrics();
    const doku = 'doku_call_duration_seconds';
    expect(
      count(m, doku, { operation: 'generate', outcome: 'success', response_code: '2004700' }),
    ).toBeGreaterThanOrEqual(1);
    expect(count(m, doku, { operation: 'tokenB2b', outcome: 'success' })).toBeGreaterThanOrEqual(1);
    expect(value(m, 'doku_calls_total', { operation: 'tokenB2b', outcome: 'success' })).toBe(
      count(m, doku, { operation: 'tokenB2b', outcome: 'success' }),
    );
    expect(value(m, 'doku_credentials_status', { state: 'ok' })).toBe(1);
  });

  it('counts open orders, the webhook outbox and its dead letters at scrape time', async () => {
    let m = await metrics();
    expect(value(m, 'orders_open', { status: 'PENDING' })).toBe(1);
    expect(value(m, 'orders_open', { status: 'CREATING' })).toBe(0);
    expect(value(m, 'orders_flagged')).toBe(0);
    // order.pending waits in the outbox: the dispatcher has not run.
    expect(value(m, 'webhook_outbox_pending')).toBe(1);
    expect(value(m, 'webhook_outbox_oldest_pending_age_seconds')).toBeGreaterThan(0);
    expect(value(m, 'webhook_dead_letters')).toBe(0);

    // The shop answers 500 and one attempt is allowed: dead-lettered.
    const summary = await s.service.app.get(WebhookDispatcher).dispatchDue(100);
    expect(summary).toMatchObject({ claimed: 1, dead: 1 });
    m = await metrics();
    expect(value(m, 'webhook_outbox_pending')).toBe(0);
    expect(value(m, 'webhook_outbox_oldest_pending_age_seconds')).toBe(0);
    expect(value(m, 'webhook_dead_letters')).toBe(1);
    expect(value(m, 'webhook_delivery_attempts_total', { result: 'dead' })).toBe(1);

    // An admin resend is a new pending delivery of that event: no longer an open dead letter.
    const [dead] = await s.service.dataSource.query(
      `SELECT id FROM webhook_deliveries WHERE status = 'DEAD'`,
    );
    const resent = await http(
      'POST',
      `${s.service.url}/admin/v1/webhook-deliveries/${dead.id}/resend`,
      { key: TEST_ADMIN_KEY, body: { reason: 'shop fixed' } },
    );
    expect(resent.status).toBe(202);
    m = await metrics();
    expect(value(m, 'webhook_dead_letters')).toBe(0);
    expect(value(m, 'webhook_outbox_pending')).toBe(1);
  });

  it('counts refunds waiting for DOKU by status, and the paid order leaves the open ones', async () => {
    const order = await paidOrder(s, 300_000);
    s.simulator.setEndpointFault('refund', { timeoutRate: 1, afterProcessing: true, times: 1 });
    const res = await refund(s, order.id, { amount: 100_000, reason: 'answer lost' });
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('UNKNOWN');
    const m = await metrics();
    expect(value(m, 'refunds_open', { status: 'UNKNOWN' })).toBe(1);
    expect(value(m, 'refunds_open', { status: 'PENDING' })).toBe(0);
    expect(value(m, 'orders_open', { status: 'PENDING' })).toBe(1); // the first test's order
    expect(
      count(m, 'doku_call_duration_seconds', {
        operation: 'refund',
        outcome: 'unknown',
        response_code: 'none',
      }),
    ).toBe(1);
    expect(value(m, 'order_transitions_total', { to: 'PAID', source: 'notification' })).toBe(1);
  });

  it('says whether this replica is ready, as /health/ready does', async () => {
    const m = await metrics();
    expect(value(m, 'service_ready')).toBe(1);
    expect(find(m, 'reconciler_lag_seconds')).toHaveLength(1);
  });
});
