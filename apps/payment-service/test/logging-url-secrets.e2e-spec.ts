import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../../../test/support/app.js';
import { http } from '../../../test/support/http.js';
import { rawHttp } from '../../../test/support/raw-http.js';

// A key pasted into a query string, or credentials in a URL's userinfo, never reach the
// log output: the access line keeps the parameter's name with a placeholder.
describe('logs: credentials in URLs', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ label: 'log_url_secrets' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const accessLineOf = async (requestId: string) => {
    await new Promise((r) => setTimeout(r, 50));
    const line = t.logs.lines.find(
      (l) => l.includes('"request completed"') && l.includes(requestId),
    );
    expect(line).toBeDefined();
    return JSON.parse(line!) as { req: { url: string } };
  };

  it('redacts an admin key and a token sent as query parameters', async () => {
    const requestId = `url-secret-${Date.now()}`;
    const res = await http(
      'GET',
      `${t.url}/admin/v1/me?apiKey=${TEST_ADMIN_KEY}&access_token=tok-abc-123&limit=5`,
      { key: TEST_ADMIN_KEY, headers: { 'X-Request-Id': requestId } },
    );
    expect(res.status).toBe(200);
    const access = await accessLineOf(requestId);
    expect(access.req.url).toBe('/admin/v1/me?apiKey=[redacted]&access_token=[redacted]&limit=5');
    expect(t.logs.text).not.toContain(TEST_ADMIN_KEY);
    expect(t.logs.text).not.toContain('tok-abc-123');
  });

  it('redacts userinfo in an absolute-form request target', async () => {
    const requestId = `url-userinfo-${Date.now()}`;
    const res = await rawHttp(
      t.url,
      `GET http://shop:hunter2-pw@example.com/health/live?token=t0k HTTP/1.1\r\nHost: example.com\r\nX-Request-Id: ${requestId}\r\n\r\n`,
    );
    expect(res.status).toBe(200);
    const access = await accessLineOf(requestId);
    expect(access.req.url).toBe('http://[redacted]@example.com/health/live?token=[redacted]');
    expect(t.logs.text).not.toContain('hunter2-pw');
  });
});
