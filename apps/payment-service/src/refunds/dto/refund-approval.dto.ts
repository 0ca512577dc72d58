import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { EXAMPLE_ORDER_ID, EXAMPLE_REFUND_ID } from '../../common/openapi/examples.js';
import type { Assert, SameShape } from '../../common/openapi/same-shape.js';
import {
  APPROVAL_STATUSES,
  type ApprovalOutcome,
  type ApprovalStatus,
  type RefundApprovalView,
} from '../refund-approvals.js';
import { RefundResponseDto } from './refund.response.dto.js';

export const EXAMPLE_APPROVAL_ID = 'apr_5t1p8w3m6k0q9x2c7v4b1n8z';

@ApiSchema({
  name: 'RefundApproval',
  description:
    'A refund above REFUND_APPROVAL_THRESHOLD, asked by one operator and approved or rejected by another (maker-checker).',
})
export class RefundApprovalResponseDto {
  @ApiProperty({ example: EXAMPLE_APPROVAL_ID })
  id: string;

  @ApiProperty({ example: EXAMPLE_ORDER_ID })
  orderId: string;

  @ApiProperty({ type: 'integer', description: 'Minor units (sen).', example: 7500000 })
  amount: number;

  @ApiProperty({ example: 'IDR' })
  currency: string;

  @ApiProperty({ example: 'Whole order returned' })
  reason: string;

  @ApiProperty({
    enum: APPROVAL_STATUSES,
    description:
      'AWAITING_APPROVAL: waits for a second operator; APPROVED: the refund was made (refundId); REJECTED: the second operator said no (decisionNote); REFUSED: approved, but the refund rules refused it by then (decisionNote).',
    example: 'AWAITING_APPROVAL',
  })
  status: ApprovalStatus;

  @ApiProperty({ description: 'The admin key id that asked.', example: 'alice' })
  requestedBy: string;

  @ApiProperty({ type: String, nullable: true, example: 'carol' })
  decidedBy: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  decisionNote: string | null;

  @ApiProperty({ type: String, nullable: true, example: EXAMPLE_REFUND_ID })
  refundId: string | null;

  @ApiProperty({ example: '2026-11-01T08:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ type: String, nullable: true, example: '2026-11-01T08:05:00.000Z' })
  decidedAt: string | null;
}

@ApiSchema({ name: 'RefundApprovalList' })
export class RefundApprovalListResponseDto {
  @ApiProperty({
    type: () => RefundApprovalResponseDto,
    isArray: true,
    description: 'Newest first (at most 200).',
  })
  data: RefundApprovalResponseDto[];
}

@ApiSchema({
  name: 'RefundProblem',
  description: 'Why no refund was made, or why DOKU declined it.',
})
export class RefundProblemResponseDto {
  @ApiProperty({ example: 'REFUND_EXCEEDS_PAID_AMOUNT' })
  code: string;

  @ApiProperty({
    example: 'A refund of 7500000 is more than the 2500000 still refundable on ord_….',
  })
  message: string;
}

@ApiSchema({
  name: 'RefundApprovalOutcome',
  description:
    'The approval as decided, and the refund it made (its status says what DOKU answered).',
})
export class ApprovalOutcomeResponseDto {
  @ApiProperty({ type: () => RefundApprovalResponseDto })
  approval: RefundApprovalResponseDto;

  @ApiProperty({ type: () => RefundResponseDto, nullable: true })
  refund: RefundResponseDto | null;

  @ApiProperty({ type: () => RefundProblemResponseDto, nullable: true })
  problem: RefundProblemResponseDto | null;
}

export class ListApprovalsQueryDto {
  @ApiPropertyOptional({ description: 'AWAITING_APPROVAL is the queue.' })
  @IsOptional()
  @IsIn(APPROVAL_STATUSES as unknown as string[], {
    message: `status must be one of ${APPROVAL_STATUSES.join(', ')}`,
  })
  status?: ApprovalStatus;
}

export class RejectApprovalRequestDto {
  @ApiProperty({
    description: 'Why the refund is not approved (audited).',
    example: 'Customer kept the goods',
  })
  @IsString({ message: 'reason is required: say why the refund is rejected' })
  @IsNotEmpty({ message: 'reason is required: say why the refund is rejected' })
  @MaxLength(256, { message: 'reason must be at most 256 characters' })
  reason!: string;
}

type _Approval = Assert<SameShape<RefundApprovalView, RefundApprovalResponseDto>>;
type _Outcome = Assert<SameShape<ApprovalOutcome, ApprovalOutcomeResponseDto>>;
