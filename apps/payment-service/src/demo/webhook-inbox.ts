// Dev mode's built-in webhook receiver (the demo checkout, issue 15): with no WEBHOOK_URL the
// service delivers its webhooks to itself, and the demo page shows each delivery as the
// shop's backend would get it: the headers, the exact body, and whether the signature holds.
import { timingSafeEqual } from 'node:crypto';
import { decodeSecret, signV1 } from '../webhooks/webhook-signature.js';

/** Standard Webhooks' replay window: a timestamp further than this from now is refused. */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;
/** The inbox keeps the latest deliveries only (dev mode, one process, memory). */
export const INBOX_SIZE = 100;

export interface InboxDelivery {
  receivedAt: string;
  verified: boolean;
  /** Why a delivery was refused (401), when it was. */
  problem?: string;
  headers: Record<string, string>;
  /** The body exactly as received. */
  body: string;
  type?: string;
  orderId?: string;
}

/** `verified` or why not: the check a shop's backend makes (docs/webhooks.md). */
export function verifyDelivery(
  secrets: readonly string[],
  headers: Record<string, string | undefined>,
  body: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): { verified: true } | { verified: false; problem: string } {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signature = headers['webhook-signature'];
  if (!id || !timestamp || !signature) {
    return {
      verified: false,
      problem: 'webhook-id, webhook-timestamp or webhook-signature missing',
    };
  }
  const seconds = Number(timestamp);
  if (!Number.isInteger(seconds) || Math.abs(nowSeconds - seconds) > TIMESTAMP_TOLERANCE_SECONDS) {
    return { verified: false, problem: 'webhook-timestamp is not within 5 minutes of now' };
  }
  const offered = signature.split(' ').map((s) => Buffer.from(s));
  for (const secret of secrets) {
    const expected = Buffer.from(signV1(decodeSecret(secret), id, seconds, body));
    if (offered.some((o) => o.length === expected.length && timingSafeEqual(o, expected))) {
      return { verified: true };
    }
  }
  return { verified: false, problem: 'no signature matches the webhook secret' };
}

/** The last INBOX_SIZE deliveries, newest first. */
export class WebhookInbox {
  private readonly deliveries: InboxDelivery[] = [];

  receive(
    secrets: readonly string[],
    headers: Record<string, string | string[] | undefined>,
    body: string,
  ): InboxDelivery {
    const shown: Record<string, string> = {};
    for (const name of [
      'content-type',
      'user-agent',
      'webhook-id',
      'webhook-timestamp',
      'webhook-signature',
    ]) {
      const v = headers[name];
      if (typeof v === 'string') shown[name] = v;
    }
    const result = verifyDelivery(secrets, shown, body);
    let parsed: { type?: unknown; data?: { id?: unknown } } = {};
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      // shown as received
    }
    const delivery: InboxDelivery = {
      receivedAt: new Date().toISOString(),
      verified: result.verified,
      ...(result.verified ? {} : { problem: result.problem }),
      headers: shown,
      body,
      ...(typeof parsed.type === 'string' ? { type: parsed.type } : {}),
      ...(typeof parsed.data?.id === 'string' ? { orderId: parsed.data.id } : {}),
    };
    this.deliveries.unshift(delivery);
    this.deliveries.length = Math.min(this.deliveries.length, INBOX_SIZE);
    return delivery;
  }

  list(orderId?: string): InboxDelivery[] {
    return orderId ? this.deliveries.filter((d) => d.orderId === orderId) : [...this.deliveries];
  }
}
