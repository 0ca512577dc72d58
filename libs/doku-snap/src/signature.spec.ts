import { generateKeyPairSync } from 'node:crypto';
import {
  sha256Hex,
  signAsymmetric,
  signSymmetric,
  signTokenRequest,
  verifyAsymmetric,
  verifySymmetric,
  verifyTokenRequest,
} from './signature.js';

// The vector from ../shared/docs/doku-snap.md ("Test vector (checked)").
const vector = {
  body: '{"partnerReferenceNo":"ORD1234567890AB","amount":{"value":"10000.00","currency":"IDR"},"merchantId":"MERCHANT1"}',
  clientSecret: 'test-client-secret',
  accessToken: 'test-access-token',
  timestamp: '2021-01-08T09:57:39.000+07:00',
  path: '/snap-adapter/b2b/v1.0/qr/qr-mpm-generate',
  method: 'POST',
  bodySha256: 'a3eee65799bec6eac2a958da599d03de04786bf846bc970a5079a0b9ad40b9d7',
  signature:
    'dPb44R7y98p5vrM8Wa7O1KHInPSV9FmwFYTkEBXIbPnSnbLlj6W+QErkDLZZsP8LZq3W8gsPJRG/03LpSJM4wQ==',
};

describe('SNAP symmetric signature (HMAC-SHA512)', () => {
  it('hashes the minified body as the documented vector says', () => {
    expect(sha256Hex(vector.body)).toBe(vector.bodySha256);
  });

  it('produces the documented signature', () => {
    expect(signSymmetric(vector)).toBe(vector.signature);
  });

  it('verifies the documented signature and rejects a tampered body, token, path or timestamp', () => {
    expect(verifySymmetric({ ...vector })).toBe(true);
    expect(verifySymmetric({ ...vector, body: vector.body.replace('10000.00', '10000.01') })).toBe(
      false,
    );
    expect(verifySymmetric({ ...vector, accessToken: 'other' })).toBe(false);
    expect(verifySymmetric({ ...vector, path: '/snap-adapter/b2b/v1.0/qr/qr-mpm-query' })).toBe(
      false,
    );
    expect(verifySymmetric({ ...vector, timestamp: '2021-01-08T09:57:40.000+07:00' })).toBe(false);
    expect(verifySymmetric({ ...vector, signature: '' })).toBe(false);
  });

  it('signs the exact bytes: re-serialising with spaces gives another signature', () => {
    const spaced = JSON.stringify(JSON.parse(vector.body), null, 1);
    expect(signSymmetric({ ...vector, body: spaced })).not.toBe(vector.signature);
  });
});

describe('SNAP asymmetric signatures (SHA256withRSA)', () => {
  const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const priv = merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const pub = merchant.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const otherPub = other.publicKey.export({ type: 'spki', format: 'pem' }).toString();

  it('signs and verifies the token request clientId|timestamp', () => {
    const sig = signTokenRequest(priv, 'client-1', '2024-01-01T10:00:00+07:00');
    expect(verifyTokenRequest(pub, 'client-1', '2024-01-01T10:00:00+07:00', sig)).toBe(true);
    expect(verifyTokenRequest([otherPub, pub], 'client-1', '2024-01-01T10:00:00+07:00', sig)).toBe(
      true,
    );
    expect(verifyTokenRequest(otherPub, 'client-1', '2024-01-01T10:00:00+07:00', sig)).toBe(false);
    expect(verifyTokenRequest(pub, 'client-2', '2024-01-01T10:00:00+07:00', sig)).toBe(false);
    expect(
      verifyTokenRequest(pub, 'client-1', '2024-01-01T10:00:00+07:00', 'not base64 at all!'),
    ).toBe(false);
  });

  it('signs and verifies a notification over the raw body', () => {
    const input = {
      method: 'POST',
      path: '/v1.0/qr/qr-mpm-notify',
      body: '{"a":1}',
      timestamp: '2024-01-01T10:00:00+07:00',
    };
    const signature = signAsymmetric({ ...input, privateKeyPem: priv });
    expect(verifyAsymmetric({ ...input, publicKeyPems: pub, signature })).toBe(true);
    expect(verifyAsymmetric({ ...input, body: '{"a":2}', publicKeyPems: pub, signature })).toBe(
      false,
    );
    expect(verifyAsymmetric({ ...input, publicKeyPems: 'not a key', signature })).toBe(false);
  });
});
