import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ORDER_STATUSES } from '../../orders/domain/order-state.js';

/** Statuses an admin can filter on: every order status, and `flagged` (any flag set). */
export const ADMIN_STATUS_FILTERS = [...ORDER_STATUSES, 'flagged'] as const;

export class AdminListOrdersQueryDto {
  @ApiPropertyOptional({ description: "The shop's own order reference (exact)." })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  merchantReference?: string;

  @ApiPropertyOptional({ description: "DOKU's reference of the QR (referenceNo, exact)." })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  referenceNo?: string;

  @ApiPropertyOptional({
    enum: ADMIN_STATUS_FILTERS,
    description: '`flagged`: orders with any flag that needs a person, whatever their status.',
  })
  @IsOptional()
  @IsIn(ADMIN_STATUS_FILTERS as unknown as string[], {
    message: `status must be one of ${ADMIN_STATUS_FILTERS.join(', ')}`,
  })
  status?: (typeof ADMIN_STATUS_FILTERS)[number];

  @ApiPropertyOptional({ description: 'ISO 8601, inclusive' })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdFrom?: string;

  @ApiPropertyOptional({ description: 'ISO 8601, exclusive' })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdTo?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}
