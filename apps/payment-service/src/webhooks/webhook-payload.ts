/** Every event type the service sends to the shop. */
export const WEBHOOK_EVENT_TYPES = [
  'order.pending',
  'order.paid',
  'order.failed',
  'order.expired',
  'order.cancelled',
  'order.flagged',
  'refund.succeeded',
  'refund.failed',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}

/**
 * The body the shop receives, in the Standard Webhooks shape (`type`, `timestamp`, `data`),
 * plus the event id (also sent as the `webhook-id` header). `data` is the order as the API
 * shows it, with the per-order `sequence` so a shop can ignore an event older than one it has.
 */
export interface WebhookPayload {
  id: string;
  type: WebhookEventType;
  /** When the event happened (ISO 8601, UTC); the same on every retry. */
  timestamp: string;
  data: Record<string, unknown> & { sequence: number };
}

export function buildPayload(
  id: string,
  type: WebhookEventType,
  at: Date,
  data: Record<string, unknown>,
  sequence: number,
): WebhookPayload {
  return { id, type, timestamp: at.toISOString(), data: { ...data, sequence } };
}
