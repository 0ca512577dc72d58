import { formatSnapTimestamp, SNAP_PATHS, signSymmetric } from '#doku-snap';
import {
  generateBody,
  MERCHANT_ID,
  startFixture,
  testKeys,
  type Fixture,
} from './support/simulator-fixture.js';
import { newExternalId, SnapTestClient } from './support/snap-test-client.js';

const QUERY = SNAP_PATHS.query;

describe('doku-simulator: authenticating transaction calls', () => {
  let f: Fixture;
  let other: SnapTestClient;

  beforeAll(async () => {
    const { merchant } = testKeys();
    f = await startFixture({
      clients: [
        { clientId: 'client-a', clientSecret: 'secret-a', publicKeyPem: merchant.publicKeyPem },
        { clientId: 'client-b', clientSecret: 'secret-b', publicKeyPem: merchant.publicKeyPem },
      ],
    });
    other = new SnapTestClient(f.sim.url, {
      clientId: 'client-b',
      clientSecret: 'secret-b',
      privateKeyPem: merchant.privateKeyPem,
    });
    await f.client.fetchToken();
    await other.fetchToken();
  });
  afterAll(() => f?.sim.close());

  const queryBody = {
    originalPartnerReferenceNo: 'nothing',
    originalReferenceNo: 'nothing',
    serviceCode: '51',
    merchantId: MERCHANT_ID,
  };

  it.each([
    ['x-timestamp', 'X-TIMESTAMP'],
    ['x-partner-id', 'X-PARTNER-ID'],
    ['x-external-id', 'X-EXTERNAL-ID'],
    ['x-signature', 'X-SIGNATURE'],
  ])('names a missing %s header: 4005102', async (header, name) => {
    const r = await f.client.call(QUERY, queryBody, { [header]: undefined });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      responseCode: '4005102',
      responseMessage: `Invalid Mandatory Field ${name}`,
    });
  });

  it.each([
    ['x-external-id', 'abc123'],
    ['x-external-id', '1'.repeat(37)],
    ['x-timestamp', 'yesterday'],
  ])('refuses a malformed %s (%s): 4005101', async (header, value) => {
    const r = await f.client.call(QUERY, queryBody, { [header]: value });
    expect(r.status).toBe(400);
    expect(r.body.responseCode).toBe('4005101');
  });

  it('refuses a timestamp outside the ±5 minute window', async () => {
    const timestamp = formatSnapTimestamp(new Date(Date.now() - 10 * 60_000));
    const body = JSON.stringify(queryBody);
    const signature = signSymmetric({
      method: 'POST',
      path: QUERY,
      accessToken: f.client.token!,
      body,
      timestamp,
      clientSecret: 'secret-a',
    });
    const r = await f.client.post(
      QUERY,
      f.client.signedHeaders(QUERY, body, { 'x-timestamp': timestamp, 'x-signature': signature }),
      body,
    );
    expect(r.body.responseCode).toBe('4005101');
  });

  it('answers 4015103 without an Authorization header and 4015101 for an unknown token', async () => {
    const none = await f.client.call(QUERY, queryBody, { authorization: undefined });
    expect(none.status).toBe(401);
    expect(none.body).toEqual({
      responseCode: '4015103',
      responseMessage: 'Token Not Found (B2B)',
    });
    const unknown = await f.client.call(QUERY, queryBody, { authorization: 'Bearer not-a-token' });
    expect(unknown.body).toEqual({
      responseCode: '4015101',
      responseMessage: 'Invalid Token (B2B)',
    });
    const basic = await f.client.call(QUERY, queryBody, {
      authorization: `Basic ${f.client.token}`,
    });
    expect(basic.body.responseCode).toBe('4015101');
  });

  it("refuses another client's token: 4015101", async () => {
    const r = await f.client.call(QUERY, queryBody, { authorization: `Bearer ${other.token}` });
    expect(r.status).toBe(401);
    expect(r.body.responseCode).toBe('4015101');
  });

  it('refuses an unknown partner: 4015100', async () => {
    const r = await f.client.call(QUERY, queryBody, { 'x-partner-id': 'nobody' });
    expect(r.body).toEqual({
      responseCode: '4015100',
      responseMessage: 'Unauthorized. Unknown Client',
    });
  });

  it('refuses a tampered body (signed bytes differ from sent bytes): 4015100 Signature Not Match', async () => {
    const signed = JSON.stringify(queryBody);
    const sent = signed.replace('"51"', '"51" ');
    const r = await f.client.post(QUERY, f.client.signedHeaders(QUERY, signed), sent);
    expect(r.status).toBe(401);
    expect(r.body).toEqual({
      responseCode: '4015100',
      responseMessage: 'Unauthorized. Signature Not Match',
    });
  });

  it('refuses a signature made with another secret or over another path', async () => {
    const body = JSON.stringify(queryBody);
    const timestamp = formatSnapTimestamp(new Date());
    const wrongSecret = signSymmetric({
      method: 'POST',
      path: QUERY,
      accessToken: f.client.token!,
      body,
      timestamp,
      clientSecret: 'secret-b',
    });
    const wrongPath = signSymmetric({
      method: 'POST',
      path: SNAP_PATHS.generate,
      accessToken: f.client.token!,
      body,
      timestamp,
      clientSecret: 'secret-a',
    });
    for (const signature of [wrongSecret, wrongPath]) {
      const r = await f.client.post(
        QUERY,
        f.client.signedHeaders(QUERY, body, { 'x-timestamp': timestamp, 'x-signature': signature }),
        body,
      );
      expect(r.body.responseCode).toBe('4015100');
    }
  });

  it('verifies over the raw bytes: a pretty-printed body signed as sent is accepted', async () => {
    const pretty = JSON.stringify(generateBody(), null, 2);
    const r = await f.client.call(SNAP_PATHS.generate, pretty);
    expect(r.status).toBe(200);
    expect(r.body.responseCode).toBe('2004700');
  });

  it('answers 4005100 to a body that is not JSON', async () => {
    const r = await f.client.call(QUERY, '{"originalPartnerReferenceNo":');
    expect(r.status).toBe(400);
    expect(r.body.responseCode).toBe('4005100');
  });

  describe('X-EXTERNAL-ID', () => {
    it('replays the first answer (HTTP 409, same bytes) for the same id and body, without a second QR', async () => {
      const body = JSON.stringify(generateBody());
      const externalId = newExternalId();
      const first = await f.client.post(
        SNAP_PATHS.generate,
        f.client.signedHeaders(SNAP_PATHS.generate, body, { 'x-external-id': externalId }),
        body,
      );
      expect(first.status).toBe(200);
      const again = await f.client.post(
        SNAP_PATHS.generate,
        f.client.signedHeaders(SNAP_PATHS.generate, body, { 'x-external-id': externalId }),
        body,
      );
      expect(again.status).toBe(409);
      expect(again.text).toBe(first.text);
      const partnerReferenceNo = JSON.parse(body).partnerReferenceNo;
      expect(
        f.sim.ledger().transactions.filter((t) => t.partnerReferenceNo === partnerReferenceNo),
      ).toHaveLength(1);
    });

    it('answers 409xx00 for the same id with another body', async () => {
      const externalId = newExternalId();
      const a = JSON.stringify(generateBody());
      const b = JSON.stringify(generateBody());
      await f.client.post(
        SNAP_PATHS.generate,
        f.client.signedHeaders(SNAP_PATHS.generate, a, { 'x-external-id': externalId }),
        a,
      );
      const r = await f.client.post(
        SNAP_PATHS.generate,
        f.client.signedHeaders(SNAP_PATHS.generate, b, { 'x-external-id': externalId }),
        b,
      );
      expect(r.status).toBe(409);
      expect(r.body).toEqual({
        responseCode: '4094700',
        responseMessage: 'Cannot use same X-EXTERNAL-ID in same day',
      });
    });

    it('keeps ids per partner: another client may use the same id', async () => {
      const externalId = newExternalId();
      const a = await f.client.call(QUERY, queryBody, { 'x-external-id': externalId });
      const b = await other.call(QUERY, queryBody, { 'x-external-id': externalId });
      expect(a.status).toBe(404);
      expect(b.status).toBe(404);
    });

    it('does not burn an id on a request that failed authentication', async () => {
      const externalId = newExternalId();
      const forged = await f.client.call(QUERY, queryBody, {
        'x-external-id': externalId,
        'x-signature': 'AAAA',
      });
      expect(forged.status).toBe(401);
      const real = await f.client.call(QUERY, queryBody, { 'x-external-id': externalId });
      expect(real.status).toBe(404);
      expect(real.body.responseCode).toBe('4045101');
    });
  });
});

describe('doku-simulator: unknown paths', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(() => f?.sim.close());

  it('answers a SNAP-shaped 404 for a path it does not serve, signed or not', async () => {
    const wrongVersion = '/snap-adapter/b2b/v2.0/qr/qr-mpm-query';
    const signed = await f.client.call(wrongVersion, { originalPartnerReferenceNo: 'x' });
    expect(signed.status).toBe(404);
    expect(signed.body).toEqual({ responseCode: '4040000', responseMessage: 'Not Found' });
    const get = await fetch(`${f.sim.url}${SNAP_PATHS.generate}`);
    expect(get.status).toBe(404);
    expect(get.headers.get('content-type')).toMatch(/application\/json/);
    expect(await get.json()).toEqual({ responseCode: '4040000', responseMessage: 'Not Found' });
  });

  it("keeps a simulator route's own 404 body", async () => {
    const r = await fetch(`${f.sim.url}/simulator/v1/ledger/nope`);
    expect(r.status).toBe(404);
    expect(await r.json()).toMatchObject({ code: expect.any(String) });
  });
});
