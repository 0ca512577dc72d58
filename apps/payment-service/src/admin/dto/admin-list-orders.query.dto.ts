import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ListOrdersQueryDto } from '../../orders/dto/list-orders.query.dto.js';
import { ORDER_FLAGS, ORDER_STATUSES, type OrderFlag } from '../../orders/domain/order-state.js';

/** Statuses an admin can filter on: every order status, and `flagged` (any flag set). */
export const ADMIN_STATUS_FILTERS = [...ORDER_STATUSES, 'flagged'] as const;

/** The shop's filters, plus DOKU's reference and a `flagged` status. */
export class AdminListOrdersQueryDto extends OmitType(ListOrdersQueryDto, ['status'] as const) {
  @ApiPropertyOptional({ description: "DOKU's reference of the QR (referenceNo, exact)." })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  referenceNo?: string;

  @ApiPropertyOptional({
    description: '`flagged`: orders with any flag that needs a person, whatever their status.',
  })
  @IsOptional()
  @IsIn(ADMIN_STATUS_FILTERS as unknown as string[], {
    message: `status must be one of ${ADMIN_STATUS_FILTERS.join(', ')}`,
  })
  status?: (typeof ADMIN_STATUS_FILTERS)[number];

  @ApiPropertyOptional({ description: 'Orders carrying this flag.' })
  @IsOptional()
  @IsIn(ORDER_FLAGS as unknown as string[], {
    message: `flag must be one of ${ORDER_FLAGS.join(', ')}`,
  })
  flag?: OrderFlag;

  @ApiPropertyOptional({ description: 'Smallest order amount, minor units (inclusive).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'amountMin must be a whole number of minor units' })
  @Min(0)
  @Max(100_000_000_000)
  amountMin?: number;

  @ApiPropertyOptional({ description: 'Largest order amount, minor units (inclusive).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'amountMax must be a whole number of minor units' })
  @Min(0)
  @Max(100_000_000_000)
  amountMax?: number;
}
