import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { FailureResponseDto } from '../../common/dto/failure.response.dto.js';
import {
  EXAMPLE_ORDER_ID,
  EXAMPLE_REFUNDED_AT,
  EXAMPLE_REFUND_ID,
} from '../../common/openapi/examples.js';
import type { Assert, SameShape } from '../../common/openapi/same-shape.js';
import { REFUND_STATUSES, type RefundStatus } from '../domain/refund-rules.js';
import type { RefundSummaryView, RefundView } from '../refund.presenter.js';
import type { RefundsService } from '../refunds.service.js';

@ApiSchema({
  name: 'RefundDoku',
  description: 'How DOKU knows the refund.',
})
export class RefundDokuResponseDto {
  @ApiProperty({
    description:
      'Our reference at DOKU: the refund id. Every retry of an UNKNOWN refund sends the same one, so DOKU never refunds twice.',
    example: EXAMPLE_REFUND_ID,
  })
  partnerRefundNo: string;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: "DOKU's refund number, once DOKU made the refund.",
    example: 'QRISR0001',
  })
  refundNo: string | null;
}

@ApiSchema({
  name: 'RefundUnknown',
  description: "Why a refund is UNKNOWN: DOKU's answer is missing or cannot be trusted.",
})
export class RefundUnknownResponseDto {
  @ApiProperty({
    type: 'string',
    nullable: true,
    description:
      "The last answer's kind and reason, e.g. `unknown:timeout`, `unknown:after_unknown` (DOKU answered a retry with something that says nothing about the lost answer).",
    example: 'unknown:timeout',
  })
  lastOutcome: string | null;

  @ApiProperty({
    description: 'What it means and what happens next, for a person.',
    example:
      'DOKU did not answer in time: the refund may have been made. Its amount stays reserved and DOKU is asked again with the same partnerRefundNo (DOKU never refunds twice under it) until DOKU answers; do not refund it again.',
  })
  message: string;
}

@ApiSchema({
  name: 'Refund',
  description:
    'A refund as the admin API and the refund.* webhooks show it. Amounts are integers in minor units.',
})
export class RefundResponseDto {
  @ApiProperty({ description: 'The refund id.', example: EXAMPLE_REFUND_ID })
  id: string;

  @ApiProperty({ description: 'The refunded order.', example: EXAMPLE_ORDER_ID })
  orderId: string;

  @ApiProperty({
    enum: REFUND_STATUSES,
    enumName: 'RefundStatus',
    description:
      'SUCCEEDED: DOKU made it. FAILED: DOKU said no, nothing moved. UNKNOWN: no trustworthy answer yet, asked again at `nextAttemptAt`. PENDING: being sent.',
    example: 'SUCCEEDED',
  })
  status: RefundStatus;

  @ApiProperty({
    type: 'integer',
    description: 'Refunded amount in minor units (IDR sen).',
    example: 500000,
  })
  amount: number;

  @ApiProperty({ description: 'ISO 4217 currency.', example: 'IDR' })
  currency: string;

  @ApiProperty({
    description: 'Why, as the admin wrote it.',
    example: 'Customer returned one item',
  })
  reason: string;

  @ApiProperty({ description: 'The id of the admin key that asked for it.', example: 'alice' })
  actor: string;

  @ApiProperty({ type: () => RefundDokuResponseDto })
  doku: RefundDokuResponseDto;

  @ApiProperty({
    type: () => FailureResponseDto,
    nullable: true,
    description: 'Why the refund FAILED (null otherwise).',
  })
  failure: FailureResponseDto | null;

  @ApiProperty({
    type: () => RefundUnknownResponseDto,
    nullable: true,
    description: 'Why the refund is UNKNOWN and what happens next (null otherwise).',
  })
  unknown: RefundUnknownResponseDto | null;

  @ApiProperty({ type: 'integer', description: 'Calls made to DOKU so far.', example: 1 })
  attempts: number;

  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'When an UNKNOWN refund is asked again (null otherwise).',
    example: null,
  })
  nextAttemptAt: string | null;

  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'When DOKU made the refund.',
    example: EXAMPLE_REFUNDED_AT,
  })
  refundedAt: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', example: '2026-03-03T02:40:10.904Z' })
  createdAt: string;

  @ApiProperty({ type: 'string', format: 'date-time', example: '2026-03-03T02:40:12.377Z' })
  updatedAt: string;
}

@ApiSchema({
  name: 'RefundSummary',
  description:
    "The order's refund figures in minor units, always derived from its refunds: refundable = paid - refunded - inFlight.",
})
export class RefundSummaryResponseDto {
  @ApiProperty({ type: 'integer', description: 'What the customer paid.', example: 1500000 })
  paidAmount: number;

  @ApiProperty({
    type: 'integer',
    description: 'Refunds DOKU confirmed (SUCCEEDED).',
    example: 500000,
  })
  refundedAmount: number;

  @ApiProperty({
    type: 'integer',
    description: "Refunds waiting for DOKU's answer (PENDING or UNKNOWN): reserved.",
    example: 0,
  })
  inFlightAmount: number;

  @ApiProperty({ type: 'integer', description: 'What can still be refunded.', example: 1000000 })
  refundableAmount: number;
}

@ApiSchema({
  name: 'RefundList',
  description: "The order's refunds, oldest first, and its refund totals.",
})
export class RefundListResponseDto {
  @ApiProperty({ type: () => RefundResponseDto, isArray: true })
  data: RefundResponseDto[];

  @ApiProperty({ type: () => RefundSummaryResponseDto })
  summary: RefundSummaryResponseDto;
}

@ApiSchema({ name: 'RefundQueue', description: 'Refunds of one status, across orders.' })
export class RefundQueueResponseDto {
  @ApiProperty({ type: () => RefundResponseDto, isArray: true, description: 'Oldest first.' })
  data: RefundResponseDto[];
}

// The classes above must describe exactly what the presenters return.
type _Refund = Assert<SameShape<RefundView, RefundResponseDto>>;
type _Summary = Assert<SameShape<RefundSummaryView, RefundSummaryResponseDto>>;
type _List = Assert<
  SameShape<Awaited<ReturnType<RefundsService['forOrder']>>, RefundListResponseDto>
>;
