// What the public port shows an operator can narrow: METRICS_PORT moves /metrics to a
// listener of its own (and off the public port), API_DOCS turns /docs off or behind an
// admin key. Each app here is the real service on a fresh database, over real HTTP.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import {
  startTestApp,
  TEST_ADMIN_KEY,
  TEST_SERVICE_KEY,
  type TestApp,
} from '../../../test/support/app.js';
import { http } from '../../../test/support/http.js';
import { find, scrape } from '../../../test/support/prometheus.js';
import { MetricsListener } from '../src/metrics/metrics.listener.js';
import { MetricsService } from '../src/metrics/metrics.service.js';

describe('METRICS_PORT: /metrics on its own listener', () => {
  let t: TestApp;
  let metricsUrl: string;

  beforeAll(async () => {
    t = await startTestApp({ label: 'metrics_port', env: { METRICS_PORT: '0' } });
    metricsUrl = `http://127.0.0.1:${t.app.get(MetricsListener).port}`;
  });
  afterAll(() => t?.close());

  it('is not served on the public port', async () => {
    const res = await http('GET', `${t.url}/metrics`);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('http_request_duration_seconds');
  });

  it('serves the same registry on the metrics port, with the public traffic in it', async () => {
    expect((await http('GET', `${t.url}/health/live`)).status).toBe(200);
    const m = await scrape(metricsUrl);
    expect(
      find(m, 'http_request_duration_seconds_count', { route: '/health/live', status: '200' }),
    ).toHaveLength(1);
    expect(find(m, 'service_ready')[0]?.value).toBe(1);
  });

  it('answers nothing else there', async () => {
    expect((await http('GET', `${metricsUrl}/health/live`)).status).toBe(404);
    expect((await http('POST', `${metricsUrl}/metrics`)).status).toBe(404);
  });

  it('refuses to start on a port in use, naming METRICS_PORT', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as AddressInfo).port;
    try {
      // The listener alone, as the app starts it (a whole app would leave its pool behind).
      const listener = new MetricsListener(
        { ...t.config, http: { ...t.config.http, host: '127.0.0.1' }, metrics: { port } },
        new MetricsService(),
      );
      await expect(listener.onApplicationBootstrap()).rejects.toThrow(
        `METRICS_PORT ${port} is already in use on 127.0.0.1`,
      );
      expect(listener.port).toBeNull();
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
  });
});

describe('API_DOCS', () => {
  it('off: /docs and the OpenAPI document are not served', async () => {
    const t = await startTestApp({ label: 'docs_off', env: { API_DOCS: 'off' } });
    try {
      expect((await http('GET', `${t.url}/docs`)).status).toBe(404);
      expect((await http('GET', `${t.url}/docs/openapi.json`)).status).toBe(404);
      // The rest of the service is unaffected.
      expect((await http('GET', `${t.url}/v1/me`, { key: TEST_SERVICE_KEY })).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('admin: an admin key as Bearer or as the Basic password opens them, nothing else does', async () => {
    const t = await startTestApp({ label: 'docs_admin', env: { API_DOCS: 'admin' } });
    const basic = (user: string, password: string) =>
      `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    try {
      const anonymous = await http('GET', `${t.url}/docs`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm="API docs"/);
      expect(anonymous.body.code).toBe('ADMIN_KEY_REQUIRED');
      for (const path of ['/docs/openapi.json', '/docs/', '/docs/static/index.html']) {
        expect((await http('GET', `${t.url}${path}`)).status).toBe(401);
      }
      const asShop = await http('GET', `${t.url}/docs/openapi.json`, { key: TEST_SERVICE_KEY });
      expect(asShop.status).toBe(401);
      const wrong = await http('GET', `${t.url}/docs`, {
        headers: { authorization: basic('ops', 'not-the-key') },
      });
      expect(wrong.status).toBe(401);

      const bearer = await http('GET', `${t.url}/docs/openapi.json`, { key: TEST_ADMIN_KEY });
      expect(bearer.status).toBe(200);
      expect(bearer.body.openapi).toMatch(/^3\./);
      const browser = await http('GET', `${t.url}/docs`, {
        headers: { authorization: basic('ops', TEST_ADMIN_KEY) },
      });
      expect(browser.status).toBe(200);
      expect(browser.text).toContain('swagger');
    } finally {
      await t.close();
    }
  });
});
