import { signAsymmetric, signSymmetric } from '../signature.js';
import { testKeyPair } from '../testing/keys.js';
import { notificationAck, parseQrNotification, verifyNotificationRequest } from './notification.js';

const body =
  '{"originalReferenceNo":"r1","originalPartnerReferenceNo":"p1","latestTransactionStatus":"00","transactionStatusDesc":"Success","amount":{"value":"1200.00","currency":"IDR"},"paidTime":"2024-03-01T10:00:00+07:00","additionalInfo":{"approvalCode":"328591","issuerName":"BCA","customerName":"JOHN DOE   "}}';
const path = '/v1.0/qr/qr-mpm-notify';
const now = new Date('2024-03-01T03:00:30Z');
const timestamp = '2024-03-01T10:00:00+07:00';

describe('qr-mpm-notify', () => {
  it('parses the SNAP notification body', () => {
    const r = parseQrNotification(body);
    expect(r).toEqual({
      ok: true,
      value: {
        originalReferenceNo: 'r1',
        originalPartnerReferenceNo: 'p1',
        status: 'success',
        statusCode: '00',
        statusDescription: 'Success',
        amount: { minor: 120000, currency: 'IDR' },
        feeAmount: null,
        paidAt: new Date('2024-03-01T03:00:00Z'),
        approvalCode: '328591',
        issuerId: null,
        issuerName: 'BCA',
        customerName: 'JOHN DOE',
        additionalInfo: { approvalCode: '328591', issuerName: 'BCA', customerName: 'JOHN DOE   ' },
      },
    });
  });

  it('rejects bodies that are not notifications', () => {
    expect(parseQrNotification('not json')).toEqual({ ok: false, problem: 'body is not JSON' });
    expect(parseQrNotification('[1]').ok).toBe(false);
    expect(parseQrNotification({ latestTransactionStatus: '00' })).toEqual({
      ok: false,
      problem: 'originalPartnerReferenceNo is missing',
    });
  });

  it('acknowledges with 2005200', () => {
    expect(notificationAck()).toEqual({ responseCode: '2005200', responseMessage: 'Successful' });
  });

  describe('asymmetric signature (SNAP default)', () => {
    const { privateKeyPem, publicKeyPem } = testKeyPair();
    const signature = signAsymmetric({ method: 'POST', path, body, timestamp, privateKeyPem });
    const verify = (over: Partial<Parameters<typeof verifyNotificationRequest>[0]>) =>
      verifyNotificationRequest({
        method: 'POST',
        path,
        rawBody: body,
        headers: { 'X-TIMESTAMP': timestamp, 'x-signature': signature },
        now,
        mode: { kind: 'asymmetric', publicKeyPems: publicKeyPem },
        ...over,
      });

    it('accepts the raw bytes DOKU signed', () => {
      expect(verify({})).toEqual({ ok: true, timestamp: new Date('2024-03-01T03:00:00Z') });
      expect(verify({ rawBody: Buffer.from(body) }).ok).toBe(true);
    });

    it('rejects a re-serialised or tampered body, a stale timestamp, missing headers', () => {
      const respaced = JSON.stringify(JSON.parse(body), null, 2);
      expect(verify({ rawBody: respaced })).toEqual({ ok: false, reason: 'bad_signature' });
      expect(verify({ rawBody: body.replace('1200.00', '1.00') })).toEqual({
        ok: false,
        reason: 'bad_signature',
      });
      expect(verify({ now: new Date('2024-03-01T03:06:00Z') })).toEqual({
        ok: false,
        reason: 'timestamp_out_of_window',
      });
      expect(verify({ now: new Date('2024-03-01T03:06:00Z'), windowMs: 10 * 60 * 1000 }).ok).toBe(
        true,
      );
      expect(verify({ headers: { 'x-timestamp': timestamp } })).toEqual({
        ok: false,
        reason: 'missing_header',
      });
    });
  });

  describe('symmetric signature (token-then-HMAC mode)', () => {
    const clientSecret = 'notify-secret';
    const signature = signSymmetric({
      method: 'POST',
      path,
      accessToken: 'issued-1',
      body,
      timestamp,
      clientSecret,
    });
    const verify = (token: string, secret = clientSecret) =>
      verifyNotificationRequest({
        method: 'POST',
        path,
        rawBody: body,
        headers: {
          'x-timestamp': timestamp,
          'x-signature': signature,
          authorization: `Bearer ${token}`,
        },
        now,
        mode: { kind: 'symmetric', clientSecret: secret, isIssuedToken: (t) => t === 'issued-1' },
      });

    it('needs a token we issued and the HMAC over the raw body', () => {
      expect(verify('issued-1').ok).toBe(true);
      expect(verify('other')).toEqual({ ok: false, reason: 'bad_token' });
      expect(verify('issued-1', 'wrong-secret')).toEqual({ ok: false, reason: 'bad_signature' });
    });
  });
});
