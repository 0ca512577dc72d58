import { startTestApp, TEST_SERVICE_KEY, type TestApp } from '../../../test/support/app.js';
import { http } from '../../../test/support/http.js';
import { rawHttp, type RawAnswer } from '../../../test/support/raw-http.js';

// Every error answered at the HTTP level, before any controller runs, speaks the error
// contract: `{ code, message, requestId }` (and the X-Request-Id header), never Fastify's
// `{ error, message, statusCode }` nor Node's empty 400. Requests fetch() will not send go
// over a raw socket. Nothing reaches DOKU (the test app points it at a closed port).
describe('HTTP-level errors answer the error contract', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ label: 'http_errors' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const expectContract = (r: RawAnswer, status: number, code: string, message: RegExp) => {
    expect({ status: r.status, code: r.body?.code }).toEqual({ status, code });
    expect(r.body.message).toMatch(message);
    expect(r.body.requestId).toEqual(expect.any(String));
    expect(r.headers['x-request-id']).toBe(r.body.requestId);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(r.body).not.toHaveProperty('statusCode');
  };

  it('answers 431 HEADERS_TOO_LARGE for a header block over the limit', async () => {
    const r = await rawHttp(
      t.url,
      `GET /v1/orders HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expectContract(r, 431, 'HEADERS_TOO_LARGE', /headers.*too large/i);
  });

  it('answers 431 HEADERS_TOO_LARGE for a request line over the limit', async () => {
    const r = await rawHttp(
      t.url,
      `GET /v1/orders?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    );
    expectContract(r, 431, 'HEADERS_TOO_LARGE', /URL|request line/i);
  });

  it('answers 400 MALFORMED_REQUEST for bytes that are not HTTP', async () => {
    const r = await rawHttp(t.url, 'HELLO THERE\r\n\r\n');
    expectContract(r, 400, 'MALFORMED_REQUEST', /not a valid HTTP\/1\.1 request/);
  });

  it('answers 400 MALFORMED_REQUEST for both Content-Length and Transfer-Encoding', async () => {
    const r = await rawHttp(
      t.url,
      'POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    );
    expectContract(r, 400, 'MALFORMED_REQUEST', /not a valid HTTP\/1\.1 request/);
  });

  it('answers 400 MALFORMED_REQUEST without a Host header', async () => {
    const r = await rawHttp(t.url, 'GET /health/live HTTP/1.1\r\n\r\n');
    expectContract(r, 400, 'MALFORMED_REQUEST', /Host header/);
  });

  it('answers 400 MALFORMED_URL for a broken percent-encoding in the path', async () => {
    const r = await http('GET', `${t.url}/v1/orders/%E0%A4%A`, { key: TEST_SERVICE_KEY });
    expect({ status: r.status, code: r.body?.code }).toEqual({
      status: 400,
      code: 'MALFORMED_URL',
    });
    expect(r.body.message).toMatch(/percent-encoding/);
    expect(r.body.requestId).toBe(r.headers.get('x-request-id'));
  });

  it('answers 413 PAYLOAD_TOO_LARGE with a request id', async () => {
    const r = await http('POST', `${t.url}/v1/orders`, {
      key: TEST_SERVICE_KEY,
      raw: JSON.stringify({ description: 'x'.repeat(1_100_000) }),
      headers: { 'content-type': 'application/json', 'Idempotency-Key': 'k-413' },
    });
    expect({ status: r.status, code: r.body?.code }).toEqual({
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    });
    expect(r.body.message).toMatch(/1 MiB/);
    expect(r.body.requestId).toBe(r.headers.get('x-request-id'));
  });

  describe("DOKU's notify route answers SNAP's shape for every failure", () => {
    const notify = (raw: string, contentType = 'application/json') =>
      http('POST', `${t.url}/v1.0/qr/qr-mpm-notify`, {
        raw,
        headers: { 'content-type': contentType },
      });
    const expectSnap = (
      r: Awaited<ReturnType<typeof http>>,
      status: number,
      responseCode: string,
      message: RegExp,
    ) => {
      expect({ status: r.status, responseCode: r.body?.responseCode }).toEqual({
        status,
        responseCode,
      });
      expect(r.body.responseMessage).toMatch(message);
      expect(Object.keys(r.body).sort()).toEqual(['responseCode', 'responseMessage']);
    };

    it('bad JSON: 400 Invalid Field Format', async () =>
      expectSnap(
        await notify('{"originalPartnerReferenceNo":'),
        400,
        '4005201',
        /Invalid Field Format/,
      ));
    it('an empty body: 400', async () =>
      expectSnap(await notify(''), 400, '4005201', /Invalid Field Format/));
    it('too large: 413', async () =>
      expectSnap(
        await notify(JSON.stringify({ a: 'x'.repeat(1_100_000) })),
        413,
        '4135200',
        /too large/i,
      ));
    it('wrong content type: 415', async () =>
      expectSnap(
        await notify('a=1', 'application/x-www-form-urlencoded'),
        415,
        '4155200',
        /application\/json/,
      ));
    it('not signed by DOKU: 401', async () =>
      expectSnap(
        await notify('{"originalPartnerReferenceNo":"x"}'),
        401,
        '4015200',
        /Unauthorized/,
      ));
    it('a malformed request: 400', async () => {
      const r = await rawHttp(
        t.url,
        'POST /v1.0/qr/qr-mpm-notify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      );
      expect(r.status).toBe(400);
      expect(r.body).toEqual({
        responseCode: '4005200',
        responseMessage: expect.stringMatching(/Bad Request/),
      });
    });
  });
});

// Last, on its own app: once the app is closing, a request on a connection that is still
// open is refused with the contract's 503 and a Retry-After, so the caller tries another
// replica.
describe('graceful shutdown', () => {
  it('answers 503 SHUTTING_DOWN with Retry-After and a request id while closing', async () => {
    const t = await startTestApp({ label: 'http_shutdown' });
    const { hostname, port } = new URL(t.url);
    const { connect } = await import('node:net');
    const socket = connect({ host: hostname, port: Number(port) });
    await new Promise((r) => socket.once('connect', r));
    let received = '';
    socket.on('data', (c: Buffer) => (received += c.toString('latin1')));
    // A request whose body is not complete keeps the connection busy (not idle), so the
    // close does not reap it; the next request pipelined behind it meets the closing app.
    socket.write(
      'POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n',
    );
    await new Promise((r) => setTimeout(r, 100));
    const closing = t.close();
    await new Promise((r) => setTimeout(r, 100));
    socket.write('{}GET /v1/orders HTTP/1.1\r\nHost: x\r\n\r\n');
    await closing;
    await new Promise((r) => setTimeout(r, 100));
    socket.destroy();
    const answers = received.split(/(?=HTTP\/1\.1 )/);
    const last = answers[answers.length - 1];
    const { parseRawAnswer } = await import('../../../test/support/raw-http.js');
    const r = parseRawAnswer(last)!;
    expect(r.status).toBe(503);
    expect(r.body).toMatchObject({ code: 'SHUTTING_DOWN', requestId: expect.any(String) });
    expect(r.body.message).toMatch(/shutting down/);
    expect(r.headers['retry-after']).toBe('1');
  });
});
