import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import {
  EXAMPLE_DELIVERY_ID,
  EXAMPLE_EVENT_ID,
  EXAMPLE_ORDER_ID,
  EXAMPLE_PAID_AT,
} from '../../common/openapi/examples.js';
import type { Assert, SameShape } from '../../common/openapi/same-shape.js';
import type { QueuedDeliveryView, WebhookDeliveryView } from '../webhook-delivery.views.js';
import type { ResendResult } from '../webhook-dispatcher.js';
import { WEBHOOK_EVENT_TYPES } from '../webhook-payload.js';

/** Delivery statuses (WebhookDeliveryView['status']); checked below. */
export const WEBHOOK_DELIVERY_STATUSES = ['PENDING', 'SUCCEEDED', 'DEAD'] as const;

@ApiSchema({
  name: 'WebhookDelivery',
  description:
    "One delivery series of an event to the shop's URL (no payload, no signature, no secret).",
})
export class WebhookDeliveryResponseDto {
  @ApiProperty({
    description: 'The delivery id (resend it with this).',
    example: EXAMPLE_DELIVERY_ID,
  })
  id: string;

  @ApiProperty({
    description: 'The event id, also the `webhook-id` header.',
    example: EXAMPLE_EVENT_ID,
  })
  eventId: string;

  @ApiProperty({
    type: 'string',
    enum: WEBHOOK_EVENT_TYPES,
    description: 'The event type.',
    example: 'order.paid',
  })
  eventType: string;

  @ApiProperty({
    type: 'integer',
    description: "The event's per-order sequence (`data.sequence` in the payload).",
    example: 2,
  })
  sequence: number;

  @ApiProperty({
    description: 'Where it is sent.',
    example: 'https://shop.example.com/webhooks/payments',
  })
  url: string;

  @ApiProperty({
    enum: WEBHOOK_DELIVERY_STATUSES,
    enumName: 'WebhookDeliveryStatus',
    description:
      'PENDING: being attempted (see nextAttemptAt). SUCCEEDED: the shop answered 2xx. DEAD: every attempt failed.',
    example: 'SUCCEEDED',
  })
  status: WebhookDeliveryView['status'];

  @ApiProperty({ type: 'integer', description: 'Attempts made so far.', example: 1 })
  attempts: number;

  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'The next attempt of a PENDING delivery (null otherwise).',
    example: null,
  })
  nextAttemptAt: string | null;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'HTTP status of the last attempt (null: no answer, e.g. a timeout).',
    example: 200,
  })
  lastStatusCode: number | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description:
      'Why the last attempt failed (the first 200 characters of the answer, or the network error).',
    example: null,
  })
  lastError: string | null;

  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'When the shop acknowledged it.',
    example: '2026-03-02T09:16:42.105Z',
  })
  deliveredAt: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', example: EXAMPLE_PAID_AT })
  createdAt: string;
}

@ApiSchema({
  name: 'WebhookResend',
  description: 'The new delivery an admin resend scheduled (PENDING, due now).',
})
export class WebhookResendResponseDto {
  @ApiProperty({ description: 'The new delivery.', example: 'whd_9e3k6n1q4t7c0v2m5s8b1d4h' })
  id: string;

  @ApiProperty({
    description: 'The event sent again (same `webhook-id`, so a shop that has it can ignore it).',
    example: EXAMPLE_EVENT_ID,
  })
  eventId: string;

  @ApiProperty({ description: 'The order of the event.', example: EXAMPLE_ORDER_ID })
  orderId: string;

  @ApiProperty({ type: 'string', enum: WEBHOOK_EVENT_TYPES, example: 'order.paid' })
  eventType: string;

  @ApiProperty({ enum: ['PENDING'], description: 'Always PENDING: due now.', example: 'PENDING' })
  status: 'PENDING';

  @ApiProperty({ description: 'The delivery this one repeats.', example: EXAMPLE_DELIVERY_ID })
  resentFrom: string;
}

@ApiSchema({
  name: 'QueuedWebhookDelivery',
  description: 'A delivery in a queue across orders, with the order it is about.',
})
export class QueuedWebhookDeliveryResponseDto extends WebhookDeliveryResponseDto {
  @ApiProperty({ description: 'The order of the event.', example: EXAMPLE_ORDER_ID })
  orderId: string;
}

@ApiSchema({ name: 'WebhookDeliveryQueue', description: 'Deliveries of one status.' })
export class WebhookDeliveryQueueResponseDto {
  @ApiProperty({
    type: () => QueuedWebhookDeliveryResponseDto,
    isArray: true,
    description: 'Oldest first.',
  })
  data: QueuedWebhookDeliveryResponseDto[];
}

export class ListWebhookDeliveriesQueryDto {
  @ApiProperty({
    description:
      '`DEAD`: dead-lettered deliveries not resent since, the queue of webhooks the shop never took.',
  })
  @IsIn(WEBHOOK_DELIVERY_STATUSES as unknown as string[], {
    message: `status must be one of ${WEBHOOK_DELIVERY_STATUSES.join(', ')}`,
  })
  status!: (typeof WEBHOOK_DELIVERY_STATUSES)[number];

  @ApiPropertyOptional({ description: 'At most this many, oldest first (default 100).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(500)
  limit?: number;
}

type _Queued = Assert<SameShape<QueuedDeliveryView, QueuedWebhookDeliveryResponseDto>>;
type _Delivery = Assert<SameShape<WebhookDeliveryView, WebhookDeliveryResponseDto>>;
type _Statuses = Assert<
  SameShape<WebhookDeliveryView['status'], (typeof WEBHOOK_DELIVERY_STATUSES)[number]>
>;
type _Resend = Assert<SameShape<ResendResult, WebhookResendResponseDto>>;
