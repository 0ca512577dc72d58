import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { EXAMPLE_EVENT_ID, EXAMPLE_PAID_AT } from '../../common/openapi/examples.js';
import type { Assert, SameShape } from '../../common/openapi/same-shape.js';
import { OrderResponseDto } from '../../orders/dto/order.response.dto.js';
import type { OrderView } from '../../orders/order.presenter.js';
import { RefundResponseDto } from '../../refunds/dto/refund.response.dto.js';
import type { RefundView } from '../../refunds/refund.presenter.js';
import {
  WEBHOOK_EVENT_TYPES,
  type WebhookEventType,
  type WebhookPayload,
} from '../webhook-payload.js';

@ApiSchema({
  name: 'WebhookEventData',
  description:
    'The order exactly as GET /v1/orders/{id} shows it at the time of the event, plus `sequence` (and `refund` on refund.* events).',
})
export class WebhookEventDataDto extends OrderResponseDto {
  @ApiProperty({
    type: 'integer',
    description:
      'Per-order counter, from 1, growing with every event of the order: ignore an event older than one you have.',
    example: 2,
  })
  sequence: number;

  @ApiPropertyOptional({
    type: () => RefundResponseDto,
    description: 'The refund, on refund.succeeded and refund.failed only.',
  })
  refund?: RefundResponseDto;
}

@ApiSchema({
  name: 'WebhookEvent',
  description:
    "The body POSTed to the shop's WEBHOOK_URL (Standard Webhooks, signed in the webhook-signature header; see docs/webhooks.md).",
})
export class WebhookEventDto {
  @ApiProperty({
    description: 'The event id, also the `webhook-id` header: deduplicate on it.',
    example: EXAMPLE_EVENT_ID,
  })
  id: string;

  @ApiProperty({
    enum: WEBHOOK_EVENT_TYPES,
    enumName: 'WebhookEventType',
    description: 'What happened; acknowledge types you do not know with a 2xx too.',
    example: 'order.paid',
  })
  type: WebhookEventType;

  @ApiProperty({
    type: 'string',
    format: 'date-time',
    description: 'When the event happened (UTC); the same on every retry.',
    example: EXAMPLE_PAID_AT,
  })
  timestamp: string;

  @ApiProperty({ type: () => WebhookEventDataDto })
  data: WebhookEventDataDto;
}

// What the service sends: the payload's envelope, and `data` as the outbox builds it
// (presentOrder + sequence, with presentRefund on refund.* events).
type _Envelope = Assert<SameShape<Omit<WebhookPayload, 'data'>, Omit<WebhookEventDto, 'data'>>>;
type _Data = Assert<
  SameShape<OrderView & { sequence: number; refund?: RefundView }, WebhookEventDataDto>
>;
