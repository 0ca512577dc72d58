import { inspect } from 'node:util';
import { DokuSnapClient } from './client.js';
import type { DokuSnapClientOptions } from './client-options.js';
import { SNAP_PATHS } from './paths.js';
import { FakeDoku, SAMPLE_QR } from './testing/fake-doku.js';
import { refusedUrl } from './testing/net.js';
import { testKeyPair } from './testing/keys.js';
import { ScriptedRandom, VirtualClock } from './testing/virtual-clock.js';
import { InMemoryTokenStore } from './token/token-store.js';

const clientSecret = 'unit-test-client-secret-3f9a';
const clientId = 'BRN-0001-TEST';
const { privateKeyPem, publicKeyPem } = testKeyPair();

describe('DokuSnapClient against an in-process DOKU', () => {
  let doku: FakeDoku;
  let clock: VirtualClock;
  let logs: { level: string; message: string; fields?: Record<string, unknown> }[];
  const clients: DokuSnapClient[] = [];

  const makeClient = (over: Partial<DokuSnapClientOptions> = {}) => {
    const c = new DokuSnapClient({
      baseUrl: doku.url,
      clientId,
      clientSecret,
      privateKeyPem,
      merchantId: '2115',
      clock,
      random: new ScriptedRandom([0.5]),
      timeoutMs: 2000,
      logger: {
        debug: (message, fields) => logs.push({ level: 'debug', message, fields }),
        info: (message, fields) => logs.push({ level: 'info', message, fields }),
        warn: (message, fields) => logs.push({ level: 'warn', message, fields }),
        error: (message, fields) => logs.push({ level: 'error', message, fields }),
      },
      ...over,
    });
    clients.push(c);
    return c;
  };

  const query = (c: DokuSnapClient, ref = 'ord-1') =>
    c.queryQr({ originalPartnerReferenceNo: ref, originalReferenceNo: `ref-${ref}` });

  beforeEach(async () => {
    doku = await new FakeDoku({ clientId, clientSecret, publicKeyPem }).start();
    clock = new VirtualClock();
    logs = [];
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await doku.close();
  });

  describe('requests on the wire', () => {
    it('gets a B2B token with X-CLIENT-KEY, X-TIMESTAMP and an RSA X-SIGNATURE', async () => {
      await query(makeClient());
      const [tokenReq] = doku.tokenRequests();
      expect(tokenReq.path).toBe(SNAP_PATHS.tokenB2b);
      expect(tokenReq.signatureValid).toBe(true);
      expect(tokenReq.rawBody).toBe('{"grantType":"client_credentials"}');
      expect(tokenReq.rawHeaderNames).toEqual(
        expect.arrayContaining(['Content-Type', 'X-CLIENT-KEY', 'X-TIMESTAMP', 'X-SIGNATURE']),
      );
      expect(tokenReq.headers['x-client-key']).toBe(clientId);
      expect(tokenReq.headers['x-timestamp']).toBe('2024-03-01T10:00:00+07:00');
    });

    it('sends the documented headers and an HMAC over the exact bytes it sent', async () => {
      const outcome = await makeClient().generateQr({
        partnerReferenceNo: 'a98757c8dbc6434ab5dd4c55d9092d9a',
        amountMinor: 100000,
        feeAmountMinor: 50000,
        terminalId: 'k45',
        validUntil: new Date('2024-03-01T03:30:00Z'),
      });
      const [r] = doku.qrRequests();
      expect(r.path).toBe(SNAP_PATHS.generate);
      expect(r.tokenValid).toBe(true);
      expect(r.signatureValid).toBe(true);
      expect(r.rawBody).toBe(
        '{"partnerReferenceNo":"a98757c8dbc6434ab5dd4c55d9092d9a","amount":{"value":"1000.00","currency":"IDR"},"feeAmount":{"value":"500.00","currency":"IDR"},"merchantId":"2115","terminalId":"k45","validityPeriod":"2024-03-01T10:30:00+07:00"}',
      );
      expect(r.rawHeaderNames).toEqual(
        expect.arrayContaining([
          'Content-Type',
          'Authorization',
          'X-TIMESTAMP',
          'X-SIGNATURE',
          'X-PARTNER-ID',
          'X-EXTERNAL-ID',
          'CHANNEL-ID',
        ]),
      );
      expect(r.rawHeaderNames).not.toContain('Authorization-Customer');
      expect(r.headers['x-partner-id']).toBe(clientId);
      expect(r.headers['channel-id']).toBe('H2H');
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers.authorization).toMatch(/^Bearer tok-1-/);
      expect(r.headers['x-external-id']).toMatch(/^20240301\d{28}$/);
      expect(outcome).toMatchObject({
        kind: 'success',
        externalId: r.headers['x-external-id'],
        attempts: 1,
        value: {
          referenceNo: 'ref-a98757c8dbc6434ab5dd4c55d9092d9a',
          qrContent: SAMPLE_QR,
          validUntil: new Date('2024-03-01T03:30:00Z'),
        },
      });
    });

    it('gives every call its own X-EXTERNAL-ID, or the one the caller passes', async () => {
      const c = makeClient();
      await query(c);
      await query(c);
      await c.queryQr({ originalPartnerReferenceNo: 'ord-1' }, { externalId: '42' });
      const ids = doku.qrRequests().map((r) => r.headers['x-external-id']);
      expect(new Set(ids).size).toBe(3);
      expect(ids[2]).toBe('42');
      await expect(
        c.queryQr({ originalPartnerReferenceNo: 'x' }, { externalId: 'abc' }),
      ).rejects.toThrow(/externalId/);
    });

    it('sends Authorization-Customer for qr-mpm-payment', async () => {
      const c = makeClient();
      const token = await c.getCustomerToken({ authCode: 'code-1' });
      expect(token).toMatchObject({ kind: 'success', value: { tokenType: 'Bearer' } });
      if (token.kind !== 'success') throw new Error('no customer token');
      const [b2b2c] = doku.tokenRequests();
      expect(b2b2c.path).toBe(SNAP_PATHS.tokenB2b2c);
      expect(b2b2c.signatureValid).toBe(true);
      expect(b2b2c.rawBody).toBe('{"grantType":"authorization_code","authCode":"code-1"}');
      const paid = await c.paymentQr({
        partnerReferenceNo: 'p1',
        amountMinor: 120000,
        qrContent: SAMPLE_QR,
        customerToken: token.value.accessToken,
      });
      expect(paid).toMatchObject({ kind: 'success', value: { approvalCode: '328580' } });
      const pay = doku.qrRequests()[0];
      expect(pay.path).toBe(SNAP_PATHS.payment);
      expect(pay.headers['authorization-customer']).toBe(`Bearer ${token.value.accessToken}`);
      expect(pay.signatureValid).toBe(true);
      const refreshed = await c.getCustomerToken({ refreshToken: token.value.refreshToken! });
      expect(refreshed.kind).toBe('success');
    });

    it('maps decode, cancel and refund answers', async () => {
      const c = makeClient();
      expect(
        await c.decodeQr({ partnerReferenceNo: 'd1', qrContent: SAMPLE_QR, scanTime: new Date() }),
      ).toMatchObject({ kind: 'success', value: { merchantName: 'Green Pages' } });
      expect(await c.cancelQr({ originalPartnerReferenceNo: 'p1' })).toMatchObject({
        kind: 'success',
        value: { cancelledAt: new Date('2024-03-01T03:00:00Z') },
      });
      expect(
        await c.refundQr({
          originalPartnerReferenceNo: 'p1',
          partnerRefundNo: 'rf1',
          refundAmountMinor: 5000,
          reason: 'customer asked',
        }),
      ).toMatchObject({
        kind: 'success',
        value: { partnerRefundNo: 'rf1', refundAmount: { minor: 5000, currency: 'IDR' } },
      });
    });
  });

  describe('the B2B token', () => {
    it('100 concurrent calls cause one token request', async () => {
      doku = await swapDoku(doku, { tokenDelayMs: 30 });
      const c = makeClient();
      const outcomes = await Promise.all(Array.from({ length: 100 }, (_, i) => query(c, `o${i}`)));
      expect(outcomes.every((o) => o.kind === 'success')).toBe(true);
      expect(doku.tokenRequests()).toHaveLength(1);
      expect(c.tokenRequestCount).toBe(1);
      expect(new Set(doku.qrRequests().map((r) => r.headers['x-external-id'])).size).toBe(100);
    });

    it('is reused, then refreshed 60 s before it expires (expiresIn as a number)', async () => {
      doku = await swapDoku(doku, { expiresIn: 900 });
      const c = makeClient();
      await query(c);
      clock.advance(839_000);
      await query(c);
      expect(doku.tokenRequests()).toHaveLength(1);
      clock.advance(2_000);
      await query(c);
      expect(doku.tokenRequests()).toHaveLength(2);
      expect(doku.qrRequests()[2].headers.authorization).toMatch(/^Bearer tok-2-/);
    });

    it('a 401 invalid token refreshes once and repeats the request with the same X-EXTERNAL-ID', async () => {
      const c = makeClient();
      await query(c);
      doku.revokeAll();
      const o = await query(c);
      expect(o).toMatchObject({ kind: 'success', attempts: 2 });
      const [, rejected, repeated] = doku.qrRequests();
      expect(rejected.tokenValid).toBe(false);
      expect(repeated.tokenValid).toBe(true);
      expect(repeated.headers['x-external-id']).toBe(rejected.headers['x-external-id']);
      expect(repeated.rawBody).toBe(rejected.rawBody);
      expect(doku.tokenRequests()).toHaveLength(2);
    });

    it('refreshes only once: a token rejected again is auth_failed', async () => {
      doku.on(SNAP_PATHS.query, () => ({
        status: 401,
        body: { responseCode: '4015101', responseMessage: 'Invalid Token (B2B)' },
      }));
      const o = await query(makeClient());
      expect(o).toMatchObject({ kind: 'auth_failed', reason: 'invalid_token', attempts: 2 });
      expect(doku.qrRequests()).toHaveLength(2);
      expect(doku.tokenRequests()).toHaveLength(2);
    });

    it('a rejected token request is auth_failed and no QR request is sent', async () => {
      const other = await new FakeDoku({
        clientId,
        clientSecret,
        publicKeyPem: (await import('node:crypto'))
          .generateKeyPairSync('rsa', { modulusLength: 2048 })
          .publicKey.export({ type: 'spki', format: 'pem' })
          .toString(),
      }).start();
      const c = makeClient({ baseUrl: other.url });
      const o = await c.refundQr({
        originalPartnerReferenceNo: 'p1',
        partnerRefundNo: 'rf1',
        refundAmountMinor: 100,
        reason: 'r',
      });
      expect(o).toMatchObject({
        kind: 'auth_failed',
        reason: 'token_request_rejected',
        attempts: 0,
        responseCode: '4017300',
      });
      expect(other.qrRequests()).toHaveLength(0);
      await other.close();
    });

    it('an unavailable token endpoint is retryable (the QR call was never sent)', async () => {
      doku.tokenReply = { status: 503, body: { responseCode: '5037300' } };
      const o = await query(makeClient({ retry: { maxAttempts: 2 } }));
      expect(o).toMatchObject({ kind: 'retryable', reason: 'token_unavailable', attempts: 0 });
      expect(doku.tokenRequests()).toHaveLength(2);
      expect(doku.qrRequests()).toHaveLength(0);
    });
  });

  describe('checking the credentials and observing outcomes', () => {
    it('checkCredentials asks DOKU for a new token even with one cached, and keeps it', async () => {
      const c = makeClient();
      await query(c);
      expect(await c.checkCredentials()).toEqual({ ok: true });
      expect(doku.tokenRequests()).toHaveLength(2);
      await query(c);
      expect(doku.tokenRequests()).toHaveLength(2);
      expect(doku.qrRequests()[1].headers.authorization).toMatch(/^Bearer tok-2-/);
    });

    it("checkCredentials returns DOKU's refusal as a summary without secrets", async () => {
      doku.tokenReply = {
        status: 401,
        body: { responseCode: '4017300', responseMessage: 'Unauthorized. Unknown Client' },
      };
      const got = await makeClient().checkCredentials();
      expect(got).toEqual({
        ok: false,
        failure: {
          operation: 'tokenB2b',
          kind: 'auth_failed',
          reason: 'signature',
          httpStatus: 401,
          responseCode: '4017300',
          responseMessage: 'Unauthorized. Unknown Client',
        },
      });
    });

    it('onOutcome sees every token request and every final outcome, never a value', async () => {
      const seen: unknown[] = [];
      const c = makeClient({
        onOutcome: (o) => {
          seen.push(o);
          throw new Error('an observer bug must not change the call');
        },
      });
      const o = await query(c);
      expect(o.kind).toBe('success');
      expect(seen).toEqual([
        expect.objectContaining({ operation: 'tokenB2b', kind: 'success', reason: null }),
        expect.objectContaining({ operation: 'query', kind: 'success', httpStatus: 200 }),
      ]);
      expect(JSON.stringify(seen)).not.toMatch(/tok-|accessToken|value/);
    });

    it("onOutcome carries the whole call's duration on the client's clock, backoff included", async () => {
      const seen: { operation: string; durationMs: number }[] = [];
      doku.on(SNAP_PATHS.query, (_r, n) =>
        n === 1 ? { status: 503, body: { responseCode: '5035100' } } : undefined,
      );
      const o = await query(makeClient({ onOutcome: (s) => seen.push(s) }));
      expect(o).toMatchObject({ kind: 'success', attempts: 2 });
      // The virtual clock moves only by the backoff sleep (150 ms): the HTTP time is zero.
      expect(seen).toEqual([
        expect.objectContaining({ operation: 'tokenB2b', durationMs: 0 }),
        expect.objectContaining({ operation: 'query', kind: 'success', durationMs: 150 }),
      ]);
    });
  });

  describe('retries', () => {
    it('retries a 503 with the same X-EXTERNAL-ID after a jittered backoff', async () => {
      doku.on(SNAP_PATHS.query, (_r, n) =>
        n === 1 ? { status: 503, body: { responseCode: '5035100' } } : undefined,
      );
      const o = await query(makeClient());
      expect(o).toMatchObject({ kind: 'success', attempts: 2 });
      const [a, b] = doku.qrRequests();
      expect(b.headers['x-external-id']).toBe(a.headers['x-external-id']);
      expect(b.rawBody).toBe(a.rawBody);
      expect(clock.sleeps).toEqual([150]); // base 200 ms, equal jitter at 0.5
    });

    it('gives up after maxAttempts and returns the last retryable outcome', async () => {
      doku.on(SNAP_PATHS.query, () => ({ status: 500, body: { responseCode: '5005101' } }));
      const o = await query(makeClient());
      expect(o).toMatchObject({ kind: 'retryable', reason: 'server_error', attempts: 3 });
      expect(doku.qrRequests()).toHaveLength(3);
      expect(clock.sleeps).toEqual([150, 300]);
    });

    it('takes a per-call policy', async () => {
      doku.on(SNAP_PATHS.query, () => ({ status: 500, body: { responseCode: '5005101' } }));
      const c = makeClient();
      await c.queryQr({ originalPartnerReferenceNo: 'x' }, { retry: { maxAttempts: 1 } });
      expect(doku.qrRequests()).toHaveLength(1);
      await c.queryQr({ originalPartnerReferenceNo: 'x' }, { retry: { maxAttempts: 5 } });
      expect(doku.qrRequests()).toHaveLength(6);
    });

    it('a refund answered 5xx then 401 on its retry is unknown, not a failure (DOKU may have acted)', async () => {
      doku.on(SNAP_PATHS.refund, (_r, n) =>
        n === 1
          ? { status: 500, body: { responseCode: '5007801' } }
          : { status: 401, body: { responseCode: '4017800', responseMessage: 'Unauthorized' } },
      );
      const o = await makeClient().refundQr({
        originalPartnerReferenceNo: 'ord-1',
        partnerRefundNo: 'rfd-1',
        refundAmountMinor: 1000,
        currency: 'IDR',
        reason: 'test',
      });
      expect(o).toMatchObject({
        kind: 'unknown',
        reason: 'after_unknown',
        detail: 'auth_failed:signature 4017800',
        attempts: 2,
      });
    });

    it('a query answered 5xx then 401 is the 401 (a query moves nothing)', async () => {
      doku.on(SNAP_PATHS.query, (_r, n) =>
        n === 1
          ? { status: 500, body: { responseCode: '5005101' } }
          : { status: 401, body: { responseCode: '4015100' } },
      );
      const o = await query(makeClient());
      expect(o).toMatchObject({ kind: 'auth_failed', reason: 'signature', attempts: 2 });
    });

    it('waits as long as Retry-After asks on a 429', async () => {
      doku.on(SNAP_PATHS.query, (_r, n) =>
        n === 1
          ? { status: 429, body: { responseCode: '4295100' }, headers: { 'Retry-After': '2' } }
          : undefined,
      );
      const o = await query(makeClient({ retry: { maxDelayMs: 5000 } }));
      expect(o.kind).toBe('success');
      expect(clock.sleeps).toEqual([2000]);
    });

    it('never retries a refund whose answer did not come (timeout is unknown)', async () => {
      doku.on(SNAP_PATHS.refund, () => ({ hang: true }));
      const o = await makeClient().refundQr(
        {
          originalPartnerReferenceNo: 'p1',
          partnerRefundNo: 'rf1',
          refundAmountMinor: 100,
          reason: 'r',
        },
        { timeoutMs: 100 },
      );
      expect(o).toMatchObject({ kind: 'unknown', reason: 'timeout', attempts: 1 });
      expect(doku.qrRequests()).toHaveLength(1);
    });

    it('never retries a reset connection or a malformed success', async () => {
      const c = makeClient();
      doku.on(SNAP_PATHS.cancel, () => ({ destroy: true }));
      expect(await c.cancelQr({ originalPartnerReferenceNo: 'p1' })).toMatchObject({
        kind: 'unknown',
        reason: 'connection_reset',
      });
      doku.on(SNAP_PATHS.generate, () => ({ status: 200, body: '{"responseCode":"2004700","ref' }));
      expect(
        await c.generateQr({
          partnerReferenceNo: 'p2',
          amountMinor: 100,
          terminalId: 'A01',
          validUntil: new Date(),
        }),
      ).toMatchObject({ kind: 'unknown', reason: 'malformed_body' });
      expect(doku.qrRequests()).toHaveLength(2);
    });

    it('retries when nothing could be sent (connection refused)', async () => {
      const store = new InMemoryTokenStore();
      await store.set('k', { accessToken: 'cached', expiresAt: clock.now() + 600_000 });
      const c = makeClient({ baseUrl: await refusedUrl(), tokenStore: store, tokenStoreKey: 'k' });
      const o = await query(c);
      expect(o).toMatchObject({ kind: 'retryable', reason: 'connection_failed', attempts: 3 });
      expect(clock.sleeps).toEqual([150, 300]);
    });

    it('reads a 409 replay of the first success as a success', async () => {
      doku.on(SNAP_PATHS.query, () => ({
        status: 409,
        body: {
          responseCode: '2005100',
          originalPartnerReferenceNo: 'ord-1',
          latestTransactionStatus: '00',
        },
      }));
      expect(await query(makeClient())).toMatchObject({
        kind: 'success',
        replayed: true,
        value: { status: 'success' },
      });
    });
  });

  describe('secrets', () => {
    it('never appear in logs, outcomes, errors or an inspected client', async () => {
      const c = makeClient();
      const outcomes: unknown[] = [];
      outcomes.push(await query(c));
      doku.revokeAll();
      outcomes.push(await query(c));
      doku.on(SNAP_PATHS.query, () => ({ status: 500, body: { responseCode: '5005101' } }));
      outcomes.push(await query(c));
      doku.on(SNAP_PATHS.query, () => ({ status: 200, body: 'garbage' }));
      outcomes.push(await query(c));
      doku.tokenReply = { status: 401, body: { responseCode: '4017300' } };
      doku.revokeAll();
      outcomes.push(await query(c));
      const errors: string[] = [];
      for (const bad of [
        () =>
          new DokuSnapClient({ ...baseOptions(), privateKeyPem: 'nope' + privateKeyPem.slice(30) }),
        () => new DokuSnapClient({ ...baseOptions(), clientSecret: '' }),
        () => new DokuSnapClient({ ...baseOptions(), baseUrl: 'ftp://x' }),
      ]) {
        try {
          bad();
        } catch (e) {
          errors.push(String(e), inspect(e));
        }
      }
      expect(errors).toHaveLength(6);
      const issuedTokens = doku.tokenRequests().length;
      const haystack = [
        JSON.stringify(logs),
        JSON.stringify(outcomes),
        errors.join('\n'),
        inspect(c, { depth: 10, showHidden: true }),
        JSON.stringify(c),
      ].join('\n');
      expect(logs.length).toBeGreaterThan(5);
      expect(haystack).not.toContain(clientSecret);
      expect(haystack).not.toContain(privateKeyPem.split('\n')[1]);
      expect(haystack).not.toContain(privateKeyPem.split('\n')[5]);
      for (let i = 1; i <= issuedTokens; i++) expect(haystack).not.toMatch(new RegExp(`tok-${i}-`));
      expect(haystack).not.toMatch(/X-SIGNATURE|Bearer /i);
    });
  });

  describe('programmer errors throw', () => {
    it('rejects bad options and bad inputs', async () => {
      expect(() => new DokuSnapClient({ ...baseOptions(), merchantId: '' })).toThrow(/merchantId/);
      expect(() => new DokuSnapClient({ ...baseOptions(), timeoutMs: 0 })).toThrow(/timeoutMs/);
      expect(() => new DokuSnapClient({ ...baseOptions(), retry: { maxAttempts: 0 } })).toThrow(
        /maxAttempts/,
      );
      const c = makeClient();
      await expect(
        c.generateQr({
          partnerReferenceNo: 'p',
          amountMinor: -1,
          terminalId: 'A01',
          validUntil: new Date(),
        }),
      ).rejects.toThrow(RangeError);
      await expect(
        c.paymentQr({
          partnerReferenceNo: 'p',
          amountMinor: 1,
          qrContent: SAMPLE_QR,
          customerToken: '',
        }),
      ).rejects.toThrow(/customerToken/);
      expect(doku.requests).toHaveLength(0);
    });
  });

  function baseOptions(): DokuSnapClientOptions {
    return { baseUrl: doku.url, clientId, clientSecret, privateKeyPem, merchantId: '2115' };
  }
});

async function swapDoku(
  old: FakeDoku,
  over: { tokenDelayMs?: number; expiresIn?: string | number },
) {
  await old.close();
  return new FakeDoku({ clientId, clientSecret, publicKeyPem, ...over }).start();
}
