import {
  startTestApp,
  TEST_ADMIN_KEY,
  TEST_SERVICE_KEY,
  type TestApp,
} from '../../../test/support/app.js';
import { http } from '../../../test/support/http.js';

describe('service foundation over HTTP', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ label: 'foundation' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers liveness and readiness once migrations are applied', async () => {
    expect((await http('GET', `${t.url}/health/live`)).status).toBe(200);
    const ready = await http('GET', `${t.url}/health/ready`);
    expect(ready.status).toBe(200);
    // DOKU is a closed port here: that shows in the details and never in the status.
    expect(ready.body).toEqual({
      status: 'ok',
      checks: { database: 'ok', migrations: 'ok' },
      details: { doku: expect.stringMatching(/^(unknown|unreachable)$/) },
    });
  });

  it('serves the OpenAPI document and Swagger UI at /docs', async () => {
    const doc = await http('GET', `${t.url}/docs/openapi.json`);
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/health/ready', '/v1/me', '/admin/v1/me']),
    );
    const ui = await http('GET', `${t.url}/docs`);
    expect(ui.status).toBe(200);
    expect(ui.text).toMatch(/swagger/i);
  });

  it('gives every response an X-Request-Id and keeps a sane incoming one', async () => {
    const fresh = await http('GET', `${t.url}/health/live`);
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await http('GET', `${t.url}/health/live`, {
      headers: { 'X-Request-Id': 'shop-trace-42' },
    });
    expect(kept.headers.get('x-request-id')).toBe('shop-trace-42');
    const replaced = await http('GET', `${t.url}/health/live`, {
      headers: { 'X-Request-Id': 'bad id with spaces' },
    });
    expect(replaced.headers.get('x-request-id')).not.toBe('bad id with spaces');
  });

  it('answers an unknown route with the error shape', async () => {
    const res = await http('GET', `${t.url}/v1/nothing-here`, { key: TEST_SERVICE_KEY });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({
      code: 'ROUTE_NOT_FOUND',
      message: expect.stringContaining('/v1/nothing-here'),
    });
    expect(res.body.requestId).toBe(res.headers.get('x-request-id'));
  });

  describe('API keys', () => {
    it('lets a service key call a shop route and reports its id, never the key', async () => {
      const res = await http('GET', `${t.url}/v1/me`, { key: TEST_SERVICE_KEY });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ audience: 'service', keyId: 'shop-a' });
    });

    it('answers 401 without a key, with a message saying how to send one', async () => {
      const res = await http('GET', `${t.url}/v1/me`);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({
        code: 'API_KEY_MISSING',
        message: expect.stringContaining('Authorization: Bearer'),
      });
    });

    it('answers 401 for an unknown key', async () => {
      const res = await http('GET', `${t.url}/v1/me`, { key: 'sk_test_not_a_real_key_at_all_000' });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('API_KEY_INVALID');
    });

    it('answers 403 for a service key on an admin route', async () => {
      const res = await http('GET', `${t.url}/admin/v1/me`, { key: TEST_SERVICE_KEY });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('ADMIN_KEY_REQUIRED');
    });

    it('lets an admin key call an admin route, and keeps it off shop routes', async () => {
      const admin = await http('GET', `${t.url}/admin/v1/me`, { key: TEST_ADMIN_KEY });
      expect(admin.status).toBe(200);
      expect(admin.body).toEqual({ audience: 'admin', keyId: 'alice' });
      const shop = await http('GET', `${t.url}/v1/me`, { key: TEST_ADMIN_KEY });
      expect(shop.status).toBe(403);
      expect(shop.body.code).toBe('SERVICE_KEY_REQUIRED');
    });
  });

  it('never writes a secret into the logs', async () => {
    await http('GET', `${t.url}/v1/me`, {
      key: TEST_SERVICE_KEY,
      headers: { 'X-SIGNATURE': 'sig-secret-value-123' },
    });
    await http('GET', `${t.url}/admin/v1/me`, { key: TEST_ADMIN_KEY });
    await http('GET', `${t.url}/v1/me`, { key: 'sk_test_wrong_key_that_is_long_0001' });
    await new Promise((r) => setTimeout(r, 50));
    // The access log did record these requests...
    const completed = t.logs.lines
      .map((l) => JSON.parse(l))
      .filter((l) => l.msg === 'request completed');
    expect(completed.map((l) => l.req.url)).toEqual(
      expect.arrayContaining(['/v1/me', '/admin/v1/me']),
    );
    // ...but none of the secrets.
    for (const secret of [
      TEST_SERVICE_KEY,
      TEST_ADMIN_KEY,
      'sig-secret-value-123',
      'sk_test_wrong_key_that_is_long_0001',
    ]) {
      expect(t.logs.text).not.toContain(secret);
    }
  });

  it('puts the request id in the log lines of a request', async () => {
    await http('GET', `${t.url}/v1/me`, {
      key: TEST_SERVICE_KEY,
      headers: { 'X-Request-Id': 'trace-log-1' },
    });
    await new Promise((r) => setTimeout(r, 50));
    const lines = t.logs.lines.map((l) => JSON.parse(l)).filter((l) => l.reqId === 'trace-log-1');
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'request completed',
        req: expect.objectContaining({ id: 'trace-log-1', url: '/v1/me' }),
      }),
    ]);
  });
});
