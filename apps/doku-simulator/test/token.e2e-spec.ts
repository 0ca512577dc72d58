import { formatSnapTimestamp, parseSnapTimestamp, SNAP_PATHS } from '#doku-snap';
import { rsaPair } from './support/keys.js';
import { generateBody, startFixture, testKeys, type Fixture } from './support/simulator-fixture.js';
import { SnapTestClient } from './support/snap-test-client.js';

const GRANT = '{"grantType":"client_credentials"}';

describe('doku-simulator: access tokens', () => {
  let f: Fixture;
  const rotatedOut = rsaPair();

  beforeAll(async () => {
    // Two registered keys: the client may sign with either during a key rotation.
    const { merchant } = testKeys();
    f = await startFixture({
      tokenTtlSeconds: 60,
      clients: [
        {
          clientId: 'client-a',
          clientSecret: 'secret-a',
          publicKeyPem: [rotatedOut.publicKeyPem, merchant.publicKeyPem],
        },
      ],
    });
  });
  afterAll(() => f?.sim.close());

  it("answers 2007300 as DOKU's SDKs read it: expiresIn a number, additionalInfo a string", async () => {
    const r = await f.client.post(SNAP_PATHS.tokenB2b, f.client.tokenHeaders(), GRANT);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      responseCode: '2007300',
      responseMessage: 'Successful',
      accessToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 60,
      additionalInfo: '',
    });
  });

  it("answers with DOKU's X-CLIENT-KEY and X-TIMESTAMP response headers", async () => {
    for (const path of [SNAP_PATHS.tokenB2b, SNAP_PATHS.tokenB2b2c]) {
      const body =
        path === SNAP_PATHS.tokenB2b
          ? GRANT
          : '{"grantType":"authorization_code","authCode":"headers-' + path.length + '"}';
      const res = await fetch(f.sim.url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...f.client.tokenHeaders() },
        body,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-client-key')).toBe('client-a');
      const at = parseSnapTimestamp(res.headers.get('x-timestamp'));
      expect(at).not.toBeNull();
      expect(Math.abs(at!.getTime() - Date.now())).toBeLessThan(5_000);
    }
    // A refusal carries them too (the caller's key as sent).
    const refused = await fetch(f.sim.url + SNAP_PATHS.tokenB2b, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...f.client.tokenHeaders({ 'x-client-key': 'nobody' }),
      },
      body: GRANT,
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-client-key')).toBe('nobody');
    expect(refused.headers.get('x-timestamp')).toMatch(/\+07:00$/);
  });

  it('accepts a signature made with any registered key (rotation)', async () => {
    const r = await f.client.post(
      SNAP_PATHS.tokenB2b,
      f.client.tokenHeaders({}, rotatedOut.privateKeyPem),
      GRANT,
    );
    expect(r.status).toBe(200);
  });

  it('refuses a signature made with an unregistered key: 4017300 Signature Not Match', async () => {
    const r = await f.client.post(
      SNAP_PATHS.tokenB2b,
      f.client.tokenHeaders({}, rsaPair().privateKeyPem),
      GRANT,
    );
    expect(r.status).toBe(401);
    expect(r.body).toEqual({
      responseCode: '4017300',
      responseMessage: 'Unauthorized. Signature Not Match',
    });
  });

  it('refuses a signature over another timestamp than the one sent', async () => {
    const headers = f.client.tokenHeaders();
    // Another second for sure (timestamps have whole seconds), still inside the ±5 min window.
    const signed = headers['x-timestamp'];
    headers['x-timestamp'] = formatSnapTimestamp(new Date(Date.now() - 60_000));
    expect(headers['x-timestamp']).not.toBe(signed);
    const r = await f.client.post(SNAP_PATHS.tokenB2b, headers, GRANT);
    expect(r.body.responseCode).toBe('4017300');
  });

  it('refuses an unknown client: 4017300 Unknown Client', async () => {
    const r = await f.client.post(
      SNAP_PATHS.tokenB2b,
      f.client.tokenHeaders({ 'x-client-key': 'nobody' }),
      GRANT,
    );
    expect(r.status).toBe(401);
    expect(r.body).toEqual({
      responseCode: '4017300',
      responseMessage: 'Unauthorized. Unknown Client',
    });
  });

  it('names a missing or malformed header: 4007302 / 4007301', async () => {
    const missing = await f.client.post(
      SNAP_PATHS.tokenB2b,
      f.client.tokenHeaders({ 'x-timestamp': undefined }),
      GRANT,
    );
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({
      responseCode: '4007302',
      responseMessage: 'Invalid Mandatory Field X-TIMESTAMP',
    });
    const malformed = await f.client.post(
      SNAP_PATHS.tokenB2b,
      f.client.tokenHeaders({ 'x-timestamp': '2024-01-01 10:00:00' }),
      GRANT,
    );
    expect(malformed.body).toEqual({
      responseCode: '4007301',
      responseMessage: 'Invalid Field Format X-TIMESTAMP',
    });
    const stale = await f.client.post(
      SNAP_PATHS.tokenB2b,
      f.client.tokenHeaders({
        'x-timestamp': formatSnapTimestamp(new Date(Date.now() - 3600_000)),
      }),
      GRANT,
    );
    expect(stale.body.responseCode).toBe('4007301');
    const noKey = await f.client.post(
      SNAP_PATHS.tokenB2b,
      f.client.tokenHeaders({ 'x-client-key': undefined }),
      GRANT,
    );
    expect(noKey.body.responseCode).toBe('4007302');
  });

  it('checks grantType', async () => {
    const none = await f.client.post(SNAP_PATHS.tokenB2b, f.client.tokenHeaders(), '{}');
    expect(none.body).toEqual({
      responseCode: '4007302',
      responseMessage: 'Invalid Mandatory Field grantType',
    });
    const other = await f.client.post(
      SNAP_PATHS.tokenB2b,
      f.client.tokenHeaders(),
      '{"grantType":"password"}',
    );
    expect(other.body).toEqual({
      responseCode: '4007301',
      responseMessage: 'Invalid Field Format grantType',
    });
    const notJson = await f.client.post(SNAP_PATHS.tokenB2b, f.client.tokenHeaders(), '{grantType');
    expect(notJson.body.responseCode).toBe('4007300');
  });

  it('stops accepting a token once its lifetime has passed: 401xx01', async () => {
    const client = new SnapTestClient(f.sim.url, f.client.merchant);
    await client.fetchToken();
    expect((await client.call(SNAP_PATHS.generate, generateBody())).status).toBe(200);
    f.sim.advanceClock(61_000);
    const expired = await client.call(SNAP_PATHS.generate, generateBody());
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({
      responseCode: '4014701',
      responseMessage: 'Invalid Token (B2B)',
    });
    await client.fetchToken();
    expect((await client.call(SNAP_PATHS.generate, generateBody())).status).toBe(200);
  });

  it('expireTokens() invalidates every token at once (expiry mid-run)', async () => {
    const client = new SnapTestClient(f.sim.url, f.client.merchant);
    await client.fetchToken();
    f.sim.expireTokens();
    expect((await client.call(SNAP_PATHS.generate, generateBody())).body.responseCode).toBe(
      '4014701',
    );
  });

  describe('B2B2C (customer) token', () => {
    it('exchanges an authCode once for an access and a refresh token', async () => {
      const first = await f.client.customerToken('auth-code-1');
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        responseCode: '2007400',
        tokenType: 'Bearer',
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        accessTokenExpiryTime: expect.stringMatching(/\+07:00$/),
        refreshTokenExpiryTime: expect.stringMatching(/\+07:00$/),
      });
      const again = await f.client.customerToken('auth-code-1');
      expect(again.status).toBe(401);
      expect(again.body.responseCode).toBe('4017400');
    });

    it('refreshes with a refresh token, which then is spent', async () => {
      const first = await f.client.customerToken('auth-code-2');
      const body = JSON.stringify({
        grantType: 'refresh_token',
        refreshToken: first.body.refreshToken,
      });
      const refreshed = await f.client.post(SNAP_PATHS.tokenB2b2c, f.client.tokenHeaders(), body);
      expect(refreshed.body.responseCode).toBe('2007400');
      expect(refreshed.body.accessToken).not.toBe(first.body.accessToken);
      const reused = await f.client.post(SNAP_PATHS.tokenB2b2c, f.client.tokenHeaders(), body);
      expect(reused.body.responseCode).toBe('4017400');
    });

    it('verifies the RSA signature like the B2B endpoint', async () => {
      const r = await f.client.post(
        SNAP_PATHS.tokenB2b2c,
        f.client.tokenHeaders({}, rsaPair().privateKeyPem),
        JSON.stringify({ grantType: 'authorization_code', authCode: 'x' }),
      );
      expect(r.body).toEqual({
        responseCode: '4017400',
        responseMessage: 'Unauthorized. Signature Not Match',
      });
    });
  });
});

describe('doku-simulator: token answers in the SNAP-text style (tokenAnswerStyle: snap-text)', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture({ tokenAnswerStyle: 'snap-text' });
  });
  afterAll(() => f?.sim.close());

  it("answers expiresIn as a string and additionalInfo as an object, as SNAP's text shows", async () => {
    const r = await f.client.post(SNAP_PATHS.tokenB2b, f.client.tokenHeaders(), GRANT);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      responseCode: '2007300',
      responseMessage: 'Successful',
      accessToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: '900',
      additionalInfo: {},
    });
  });
});
