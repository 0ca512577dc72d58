import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { REFUND_STATUSES, type RefundStatus } from '../domain/refund-rules.js';

/** The refunds of one status across orders: `UNKNOWN` is the console's queue. */
export class ListRefundsQueryDto {
  @ApiProperty({ description: '`UNKNOWN`: refunds waiting for DOKU’s answer, the queue.' })
  @IsIn(REFUND_STATUSES as unknown as string[], {
    message: `status must be one of ${REFUND_STATUSES.join(', ')}`,
  })
  status!: RefundStatus;

  @ApiPropertyOptional({ description: 'At most this many, oldest first (default 100).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(500)
  limit?: number;
}
