// SNAP signatures, one implementation shared by the client, the service's notification
// intake and the simulator. Every function works on the exact bytes that travel: never
// re-serialise a body to verify it (DOKU's SDKs disagree on "minify").
import {
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  sign as rsaSign,
  timingSafeEqual,
  verify as rsaVerify,
  type KeyObject,
} from 'node:crypto';

export type Body = string | Buffer | Uint8Array;

/** Lower-case hex SHA-256 of the raw body bytes (an empty body hashes the empty string). */
export function sha256Hex(body: Body): string {
  return createHash('sha256').update(body).digest('hex');
}

/** Constant-time comparison of two base64 (or any) strings. */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  if (ab.length !== bb.length) {
    // Compare against itself so the time taken does not reveal where a mismatch is.
    timingSafeEqual(ab, ab);
    return false;
  }
  return timingSafeEqual(ab, bb);
}

const keyCache = new Map<string, KeyObject>();
function privateKey(pem: string): KeyObject {
  let key = keyCache.get(pem);
  if (!key) {
    key = createPrivateKey(pem);
    keyCache.set(pem, key);
  }
  return key;
}
function publicKey(pem: string): KeyObject {
  let key = keyCache.get(pem);
  if (!key) {
    key = createPublicKey(pem);
    keyCache.set(pem, key);
  }
  return key;
}

/** String to sign for the B2B/B2B2C access-token call: `clientId|timestamp`. */
export function tokenStringToSign(clientId: string, timestamp: string): string {
  return `${clientId}|${timestamp}`;
}

/** X-SIGNATURE of the token call: base64 SHA256withRSA (PKCS#1 v1.5) with the merchant's private key. */
export function signTokenRequest(
  privateKeyPem: string,
  clientId: string,
  timestamp: string,
): string {
  return rsaSign(
    'sha256',
    Buffer.from(tokenStringToSign(clientId, timestamp)),
    privateKey(privateKeyPem),
  ).toString('base64');
}

/** Verifies a token-call signature against one or several registered public keys. */
export function verifyTokenRequest(
  publicKeyPems: string | readonly string[],
  clientId: string,
  timestamp: string,
  signature: string,
): boolean {
  return verifyRsa(publicKeyPems, Buffer.from(tokenStringToSign(clientId, timestamp)), signature);
}

export interface SymmetricInput {
  method: string;
  /** The request path, including `/snap-adapter/...`, without host or query. */
  path: string;
  /** The B2B access token, without `Bearer `. */
  accessToken: string;
  body: Body;
  timestamp: string;
}

/** `METHOD:path:accessToken:sha256hex(body):timestamp` (SNAP symmetric string to sign). */
export function symmetricStringToSign(i: SymmetricInput): string {
  return `${i.method.toUpperCase()}:${i.path}:${i.accessToken}:${sha256Hex(i.body)}:${i.timestamp}`;
}

/** X-SIGNATURE of a transaction call: base64 HMAC-SHA512(clientSecret, stringToSign). */
export function signSymmetric(i: SymmetricInput & { clientSecret: string }): string {
  return createHmac('sha512', i.clientSecret).update(symmetricStringToSign(i)).digest('base64');
}

/** Constant-time check of a symmetric signature over the raw bytes received. */
export function verifySymmetric(
  i: SymmetricInput & { clientSecret: string; signature: string },
): boolean {
  return safeEqual(signSymmetric(i), i.signature);
}

export interface AsymmetricInput {
  method: string;
  path: string;
  body: Body;
  timestamp: string;
}

/** `METHOD:path:sha256hex(body):timestamp` (SNAP asymmetric string to sign, e.g. notifications). */
export function asymmetricStringToSign(i: AsymmetricInput): string {
  return `${i.method.toUpperCase()}:${i.path}:${sha256Hex(i.body)}:${i.timestamp}`;
}

/** base64 SHA256withRSA over the asymmetric string to sign (DOKU -> merchant notifications). */
export function signAsymmetric(i: AsymmetricInput & { privateKeyPem: string }): string {
  return rsaSign(
    'sha256',
    Buffer.from(asymmetricStringToSign(i)),
    privateKey(i.privateKeyPem),
  ).toString('base64');
}

/** Verifies an asymmetric signature with one or several public keys (key rotation). */
export function verifyAsymmetric(
  i: AsymmetricInput & { publicKeyPems: string | readonly string[]; signature: string },
): boolean {
  return verifyRsa(i.publicKeyPems, Buffer.from(asymmetricStringToSign(i)), i.signature);
}

function verifyRsa(pems: string | readonly string[], data: Buffer, signature: string): boolean {
  if (typeof signature !== 'string' || signature.length === 0 || signature.length > 2048)
    return false;
  const sig = Buffer.from(signature, 'base64');
  for (const pem of typeof pems === 'string' ? [pems] : pems) {
    try {
      if (rsaVerify('sha256', data, publicKey(pem), sig)) return true;
    } catch {
      // A malformed key or signature is a failed verification, never an exception.
    }
  }
  return false;
}
