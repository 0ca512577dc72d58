import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import type { Assert, SameShape } from '../../common/openapi/same-shape.js';
import type { FinanceSummary } from '../finance.repository.js';

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class FinanceSummaryQueryDto {
  @ApiPropertyOptional({
    description: 'The Jakarta day (YYYY-MM-DD); today in Jakarta when left out.',
    example: '2026-03-01',
  })
  @IsOptional()
  @Matches(DAY, { message: 'date must be a day as YYYY-MM-DD' })
  date?: string;
}

export class FinanceExportQueryDto {
  @ApiProperty({ description: 'First Jakarta day (YYYY-MM-DD), inclusive.', example: '2026-03-01' })
  @Matches(DAY, { message: 'from must be a day as YYYY-MM-DD' })
  from!: string;

  @ApiPropertyOptional({
    description: 'Last Jakarta day (YYYY-MM-DD), inclusive; `from` when left out. At most 92 days.',
    example: '2026-03-31',
  })
  @IsOptional()
  @Matches(DAY, { message: 'to must be a day as YYYY-MM-DD' })
  to?: string;
}

@ApiSchema({
  name: 'FinanceSummary',
  description:
    "One Jakarta day's money, in minor units (sen): what was paid, what was refunded, the difference, and how many orders need a person.",
})
export class FinanceSummaryResponseDto {
  @ApiProperty({ example: '2026-03-01' })
  date: string;

  @ApiProperty({ example: 'Asia/Jakarta' })
  timeZone: string;

  @ApiProperty({
    type: 'string',
    format: 'date-time',
    description: 'Start of the day (inclusive).',
    example: '2026-02-28T17:00:00.000Z',
  })
  from: string;

  @ApiProperty({
    type: 'string',
    format: 'date-time',
    description: 'End of the day (exclusive).',
    example: '2026-03-01T17:00:00.000Z',
  })
  to: string;

  @ApiProperty({ example: 'IDR' })
  currency: string;

  @ApiProperty({ description: 'Orders paid in the day (paidAt in it).', example: 12 })
  paidCount: number;

  @ApiProperty({
    type: 'integer',
    description: 'What those orders were paid, minor units.',
    example: 18000000,
  })
  paidAmount: number;

  @ApiProperty({
    description: 'Refunds DOKU made in the day (SUCCEEDED, refundedAt in it).',
    example: 1,
  })
  refundedCount: number;

  @ApiProperty({ type: 'integer', description: 'Their amount, minor units.', example: 2000000 })
  refundedAmount: number;

  @ApiProperty({ type: 'integer', description: 'paidAmount − refundedAmount.', example: 16000000 })
  netAmount: number;

  @ApiProperty({
    description:
      'Orders created in the day that carry a flag (AMOUNT_MISMATCH, PAID_AFTER_EXPIRY, STATUS_DISAGREEMENT).',
    example: 1,
  })
  flaggedCount: number;
}

type _Summary = Assert<SameShape<FinanceSummary, FinanceSummaryResponseDto>>;
