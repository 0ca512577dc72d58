import { Webhook } from 'standardwebhooks';
import type { WebhookEvent } from './types.js';

/** The three Standard Webhooks headers, as any framework hands them over. */
export type WebhookHeaders =
  Record<string, string | string[] | undefined> | { get(name: string): string | null };

function header(headers: WebhookHeaders, name: string): string {
  const value =
    typeof (headers as { get?: unknown }).get === 'function'
      ? (headers as { get(n: string): string | null }).get(name)
      : (headers as Record<string, string | string[] | undefined>)[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/**
 * Verifies a webhook delivery (Standard Webhooks: HMAC-SHA256 of
 * `${webhook-id}.${webhook-timestamp}.${rawBody}` with the `whsec_` secret, timestamps at most
 * 5 minutes off) and returns the typed event. Throws when it is forged, altered or stale:
 * answer 400 then, and the service retries the delivery.
 */
export class Webhooks {
  private readonly verifier: Webhook;

  constructor(secret: string) {
    this.verifier = new Webhook(secret);
  }

  /** `rawBody`: the body exactly as received (string or bytes), not re-serialized JSON. */
  verify(rawBody: string | Uint8Array, headers: WebhookHeaders): WebhookEvent {
    const body = typeof rawBody === 'string' ? rawBody : new TextDecoder().decode(rawBody);
    return this.verifier.verify(body, {
      'webhook-id': header(headers, 'webhook-id'),
      'webhook-timestamp': header(headers, 'webhook-timestamp'),
      'webhook-signature': header(headers, 'webhook-signature'),
    }) as WebhookEvent;
  }
}
