import { SNAP_PATHS } from '#doku-snap';
import {
  generateBody,
  MERCHANT_ID,
  startFixture,
  type Fixture,
} from './support/simulator-fixture.js';
import { newExternalId } from './support/snap-test-client.js';

const queryBody = {
  originalPartnerReferenceNo: 'none',
  serviceCode: '51',
  merchantId: MERCHANT_ID,
};

describe('doku-simulator: fault injection', () => {
  let f: Fixture;

  beforeAll(async () => {
    f = await startFixture({ seed: 42 });
    await f.client.fetchToken();
  });
  afterEach(async () => {
    const r = await fetch(`${f.sim.url}/simulator/v1/faults/reset`, { method: 'POST' });
    expect(r.status).toBe(200);
  });
  afterAll(() => f?.sim.close());

  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${f.sim.url}/simulator/v1/faults${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('answers the chosen HTTP status and responseCode for the next `times` requests', async () => {
    const set = await admin('PUT', '/query', {
      errorRate: 1,
      errorStatus: 503,
      errorResponseCode: '5035101',
      errorMessage: 'Maintenance',
      times: 2,
    });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ endpoints: { query: { errorRate: 1, times: 2 } } });
    for (let i = 0; i < 2; i++) {
      const r = await f.client.call(SNAP_PATHS.query, queryBody);
      expect(r.status).toBe(503);
      expect(r.body).toEqual({ responseCode: '5035101', responseMessage: 'Maintenance' });
    }
    expect((await f.client.call(SNAP_PATHS.query, queryBody)).status).toBe(404);
  });

  it('defaults an injected 500 to responseCode 500xx01 and applies `*` to every endpoint', async () => {
    await admin('PUT', '/*', { errorRate: 1 });
    expect((await f.client.call(SNAP_PATHS.query, queryBody)).body).toEqual({
      responseCode: '5005101',
      responseMessage: 'Internal Server Error',
    });
    expect((await f.client.call(SNAP_PATHS.generate, generateBody())).body.responseCode).toBe(
      '5004701',
    );
  });

  it('fails token requests too', async () => {
    await admin('PUT', '/tokenB2b', { errorRate: 1, errorStatus: 429, times: 1 });
    const r = await f.client.post(
      SNAP_PATHS.tokenB2b,
      f.client.tokenHeaders(),
      '{"grantType":"client_credentials"}',
    );
    expect(r.status).toBe(429);
    expect(r.body.responseCode).toBe('4297300');
  });

  it('adds latency', async () => {
    await admin('PUT', '/query', { latencyMs: 250 });
    const t0 = Date.now();
    await f.client.call(SNAP_PATHS.query, queryBody);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(240);
  });

  it('accepts and never answers (timeout); nothing happens before processing', async () => {
    await admin('PUT', '/generate', { timeoutRate: 1, times: 1 });
    const body = generateBody();
    const text = JSON.stringify(body);
    const call = fetch(`${f.sim.url}${SNAP_PATHS.generate}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...f.client.signedHeaders(SNAP_PATHS.generate, text),
      },
      body: text,
      signal: AbortSignal.timeout(300),
    });
    await expect(call).rejects.toThrow(/abort|timeout/i);
    expect(
      f.sim.ledger().transactions.some((t) => t.partnerReferenceNo === body.partnerReferenceNo),
    ).toBe(false);
  });

  it('after processing, a timeout leaves the QR created; the retry with the same X-EXTERNAL-ID replays the answer', async () => {
    await admin('PUT', '/generate', {
      timeoutRate: 1,
      afterProcessing: true,
      hangUpAfterMs: 100,
      times: 1,
    });
    const body = JSON.stringify(generateBody());
    const externalId = newExternalId();
    const headers = () => ({
      'content-type': 'application/json',
      ...f.client.signedHeaders(SNAP_PATHS.generate, body, { 'x-external-id': externalId }),
    });
    // hangUpAfterMs: the socket is closed without an answer (a reset, not a slow reply).
    await expect(
      fetch(`${f.sim.url}${SNAP_PATHS.generate}`, { method: 'POST', headers: headers(), body }),
    ).rejects.toThrow();
    const partnerReferenceNo = JSON.parse(body).partnerReferenceNo;
    expect(
      f.sim.ledger().transactions.filter((t) => t.partnerReferenceNo === partnerReferenceNo),
    ).toHaveLength(1);
    const retry = await f.client.post(SNAP_PATHS.generate, headers(), body);
    expect(retry.status).toBe(409);
    expect(retry.body).toMatchObject({ responseCode: '2004700', partnerReferenceNo });
  });

  it('answers a malformed (truncated) body with HTTP 200', async () => {
    await admin('PUT', '/query', { malformedRate: 1, times: 1 });
    const r = await f.client.call(SNAP_PATHS.query, queryBody);
    expect(r.status).toBe(200);
    expect(r.body).toBeUndefined();
    expect(r.text.length).toBeGreaterThan(0);
  });

  it('after processing, an injected error hides a refund that happened', async () => {
    const g = await f.client.call(SNAP_PATHS.generate, generateBody());
    f.sim.pay(g.body.referenceNo);
    await admin('PUT', '/refund', {
      errorRate: 1,
      errorStatus: 504,
      afterProcessing: true,
      times: 1,
    });
    const r = await f.client.call(SNAP_PATHS.refund, {
      merchantId: MERCHANT_ID,
      originalPartnerReferenceNo: g.body.partnerReferenceNo,
      partnerRefundNo: 'R-AFTER',
      refundAmount: { value: '100.00', currency: 'IDR' },
      reason: 'test',
    });
    expect(r.status).toBe(504);
    expect(r.body.responseCode).toBe('5047800');
    expect(f.sim.transaction(g.body.referenceNo)!.refunds).toHaveLength(1);
  });

  it('is deterministic for a seed: the same requests see the same faults', async () => {
    const pattern = async (seed: number) => {
      await admin('POST', '', { seed, endpoints: { query: { errorRate: 0.5 } } });
      const out: number[] = [];
      for (let i = 0; i < 24; i++)
        out.push((await f.client.call(SNAP_PATHS.query, queryBody)).status);
      return out.join(',');
    };
    const a = await pattern(7);
    const b = await pattern(7);
    const c = await pattern(8);
    expect(a).toBe(b);
    expect(a).toContain('500');
    expect(a).toContain('404');
    expect(c).not.toBe(a);
  });

  it('rejects invalid rules with 400 and a message', async () => {
    const cases: Array<[string, string, unknown, RegExp]> = [
      ['PUT', '/nope', { errorRate: 1 }, /unknown endpoint/],
      ['PUT', '/query', { errorRate: 2 }, /errorRate/],
      ['PUT', '/query', { erorRate: 1 }, /unknown fault setting "erorRate"/],
      ['PUT', '/query', { errorRate: 1, errorStatus: 200 }, /errorStatus/],
      ['PUT', '/query', { errorResponseCode: '500' }, /errorResponseCode/],
      ['PUT', '/notifications', { dropRate: -1 }, /dropRate/],
      ['POST', '', { seed: 'x' }, /seed/],
    ];
    for (const [method, path, body, message] of cases) {
      const r = await admin(method, path, body);
      expect(r.status).toBe(400);
      const answer = (await r.json()) as { code: string; message: string };
      expect(answer.code).toBe('FAULT.INVALID');
      expect(answer.message).toMatch(message);
    }
  });

  it('lists and clears rules', async () => {
    await admin('PUT', '/decode', { latencyMs: 5 });
    await admin('PUT', '/notifications', { duplicateRate: 1 });
    const listed = (await (await admin('GET', '')).json()) as Record<string, any>;
    expect(listed.endpoints).toEqual({ decode: { latencyMs: 5 } });
    expect(listed.notifications).toEqual({ duplicateRate: 1 });
    await admin('DELETE', '/decode');
    await admin('DELETE', '/notifications');
    const cleared = (await (await admin('GET', '')).json()) as Record<string, any>;
    expect(cleared).toMatchObject({ endpoints: {}, notifications: null });
  });
});

describe('doku-simulator: closing with a request left unanswered', () => {
  it('closes promptly and drops the hanging connection', async () => {
    const f = await startFixture();
    f.sim.setEndpointFault('query', { timeoutRate: 1 });
    const pending = f.client.call(SNAP_PATHS.query, queryBody).then(
      () => 'answered',
      () => 'dropped',
    );
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    await f.sim.close();
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(await pending).toBe('dropped');
  });
});
