import { createHmac } from 'node:crypto';

// Standard Webhooks (https://www.standardwebhooks.com/): the signed content is
// `${webhook-id}.${webhook-timestamp}.${body}`, HMAC-SHA256 with the base64-decoded part
// of a `whsec_` secret, sent as `v1,<base64>`; several signatures are space-separated.
const PREFIX = 'whsec_';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The key bytes of a `whsec_<base64>` secret; throws (without echoing it) when malformed. */
export function decodeSecret(secret: string): Buffer {
  const encoded = secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : '';
  if (!encoded || !BASE64.test(encoded)) {
    throw new Error('a webhook secret must be `whsec_` followed by base64');
  }
  return Buffer.from(encoded, 'base64');
}

/** One `v1,<base64 HMAC-SHA256>` signature of `${id}.${timestamp}.${body}`. */
export function signV1(key: Buffer, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest();
  return `v1,${mac.toString('base64')}`;
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Signs a delivery with every configured secret (rotation: the shop may hold either the old
 * or the new one). Holds the decoded keys; never exposes them or prints them.
 */
export class WebhookSigner {
  private readonly keys: Buffer[];

  constructor(secrets: readonly string[]) {
    this.keys = secrets.map(decodeSecret);
  }

  get secretCount(): number {
    return this.keys.length;
  }

  headers(id: string, timestampSeconds: number, body: string): SignedHeaders {
    if (this.keys.length === 0) throw new Error('no webhook secret configured');
    return {
      'webhook-id': id,
      'webhook-timestamp': String(timestampSeconds),
      'webhook-signature': this.keys.map((k) => signV1(k, id, timestampSeconds, body)).join(' '),
    };
  }

  /** Keeps the keys out of logs and error dumps. */
  toJSON(): string {
    return `WebhookSigner(${this.keys.length} secrets)`;
  }
}
