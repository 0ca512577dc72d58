import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { Assert, SameShape } from '../../common/openapi/same-shape.js';
import { OrderEventResponseDto, OrderResponseDto } from '../../orders/dto/order.response.dto.js';
import {
  RefundResponseDto,
  RefundSummaryResponseDto,
} from '../../refunds/dto/refund.response.dto.js';
import { RefundApprovalResponseDto } from '../../refunds/dto/refund-approval.dto.js';
import { WebhookDeliveryResponseDto } from '../../webhooks/dto/webhook-delivery.response.dto.js';
import type { AdminOrderView } from '../admin-order.view.js';

@ApiSchema({
  name: 'AdminOrder',
  description:
    'Everything an admin needs on one page: the order, its refunds and their totals, the full audit trail and every webhook delivery.',
})
export class AdminOrderResponseDto extends OrderResponseDto {
  @ApiProperty({ type: () => RefundSummaryResponseDto })
  refundSummary: RefundSummaryResponseDto;

  @ApiProperty({
    type: () => RefundResponseDto,
    isArray: true,
    description: 'Oldest first.',
  })
  refunds: RefundResponseDto[];

  @ApiProperty({
    type: () => OrderEventResponseDto,
    isArray: true,
    description: 'The audit trail, oldest first.',
  })
  events: OrderEventResponseDto[];

  @ApiProperty({
    type: () => WebhookDeliveryResponseDto,
    isArray: true,
    description: "Every delivery of the order's webhook events, oldest event first.",
  })
  webhookDeliveries: WebhookDeliveryResponseDto[];

  @ApiProperty({
    type: () => RefundApprovalResponseDto,
    isArray: true,
    description: 'Refunds above the approval threshold, asked and decided, newest first.',
  })
  refundApprovals: RefundApprovalResponseDto[];
}

type _AdminOrder = Assert<SameShape<AdminOrderView, AdminOrderResponseDto>>;
