import {
  EXAMPLE_PAID_ORDER,
  EXAMPLE_PENDING_ORDER,
  EXAMPLE_REFUND,
  exampleFailedOrder,
} from '../common/openapi/example-views.js';
import { EXAMPLE_EVENT_ID, EXAMPLE_UPDATED_AT } from '../common/openapi/examples.js';
import type { JsonSchema } from '../common/openapi/validation-rules.js';
import type { OrderView } from '../orders/order.presenter.js';
import type { RefundView } from '../refunds/refund.presenter.js';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './webhook-payload.js';

interface EventDoc {
  operationId: string;
  summary: string;
  data: OrderView & { sequence: number; refund?: RefundView };
}

// One entry per event type (a new type does not compile until it is described here): the
// `webhooks` section of the document, what the shop's endpoint receives (docs/webhooks.md).
const EVENTS: Record<WebhookEventType, EventDoc> = {
  'order.pending': {
    operationId: 'orderPendingWebhook',
    summary: 'The order has its QR code; the customer can pay.',
    data: { ...EXAMPLE_PENDING_ORDER, sequence: 1 },
  },
  'order.paid': {
    operationId: 'orderPaidWebhook',
    summary: "DOKU confirmed the payment of the order's amount: fulfil the order (once per order).",
    data: { ...EXAMPLE_PAID_ORDER, sequence: 2 },
  },
  'order.failed': {
    operationId: 'orderFailedWebhook',
    summary: 'DOKU refused to create the QR: the order can never be paid.',
    data: { ...exampleFailedOrder('DOKU_4034701', 'Feature Not Allowed'), sequence: 1 },
  },
  'order.expired': {
    operationId: 'orderExpiredWebhook',
    summary: "The order's validity passed without a payment.",
    data: { ...EXAMPLE_PENDING_ORDER, status: 'EXPIRED', qrContent: null, sequence: 2 },
  },
  'order.cancelled': {
    operationId: 'orderCancelledWebhook',
    summary: 'The order was cancelled (by the shop or an admin).',
    data: { ...EXAMPLE_PENDING_ORDER, status: 'CANCELLED', qrContent: null, sequence: 2 },
  },
  'order.flagged': {
    operationId: 'orderFlaggedWebhook',
    summary:
      'The order needs a person; `data.flags` says why (AMOUNT_MISMATCH, PAID_AFTER_EXPIRY, STATUS_DISAGREEMENT).',
    data: { ...EXAMPLE_PAID_ORDER, flags: ['PAID_AFTER_EXPIRY'], sequence: 4 },
  },
  'refund.succeeded': {
    operationId: 'refundSucceededWebhook',
    summary: 'A refund of the order went through; `data.refund` is the refund.',
    data: {
      ...EXAMPLE_PAID_ORDER,
      status: 'PARTIALLY_REFUNDED',
      sequence: 3,
      refund: EXAMPLE_REFUND,
    },
  },
  'refund.failed': {
    operationId: 'refundFailedWebhook',
    summary: 'DOKU refused a refund (`data.refund.failure`); the amount can be refunded again.',
    data: {
      ...EXAMPLE_PAID_ORDER,
      sequence: 3,
      refund: {
        ...EXAMPLE_REFUND,
        status: 'FAILED',
        failure: { code: 'DOKU_4037814', message: 'Insufficient Fund' },
        doku: { partnerRefundNo: EXAMPLE_REFUND.id, refundNo: null },
        refundedAt: null,
      },
    },
  },
};

const header = (name: string, description: string, example: string): JsonSchema => ({
  name,
  in: 'header',
  required: true,
  description,
  schema: { type: 'string' },
  example,
});

/** The document's `webhooks`: one POST per event type, signed as Standard Webhooks. */
export function webhooksSection(): Record<string, JsonSchema> {
  return Object.fromEntries(
    WEBHOOK_EVENT_TYPES.map((type) => {
      const e = EVENTS[type];
      return [
        type,
        {
          post: {
            operationId: e.operationId,
            tags: ['webhooks'],
            summary: e.summary,
            description:
              'POSTed to WEBHOOK_URL. Verify the signature on the raw body (Standard Webhooks; docs/webhooks.md), deduplicate on `webhook-id`, and ignore an event whose `data.sequence` is older than one you have for the order.',
            security: [],
            parameters: [
              header(
                'webhook-id',
                'The event id: the same on every retry and resend.',
                EXAMPLE_EVENT_ID,
              ),
              header(
                'webhook-timestamp',
                'When this attempt was sent (Unix seconds).',
                '1772442999',
              ),
              header(
                'webhook-signature',
                '`v1,<base64 HMAC-SHA256>` of `${webhook-id}.${webhook-timestamp}.${body}`; several, space-separated, during a secret rotation.',
                'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
              ),
            ],
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: {
                    allOf: [
                      { $ref: '#/components/schemas/WebhookEvent' },
                      { type: 'object', properties: { type: { const: type } } },
                    ],
                  },
                  example: {
                    id: EXAMPLE_EVENT_ID,
                    type,
                    timestamp: EXAMPLE_UPDATED_AT,
                    data: e.data,
                  },
                },
              },
            },
            responses: {
              '200': {
                description:
                  'Any 2xx: received (store it, then do slow work in the background). Acknowledge types you do not know too.',
              },
              '400': {
                description:
                  'The signature did not verify: the attempt counts as failed and is retried.',
              },
            },
          },
        },
      ];
    }),
  );
}
