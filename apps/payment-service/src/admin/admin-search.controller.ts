import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { AdminApi } from '../auth/auth.decorators.js';
import { ApiAdminKeyErrors, ApiErrors } from '../common/openapi/api-errors.js';
import { rows } from '../database/sql.js';
import { OrderListResponseDto } from '../orders/dto/order.response.dto.js';
import type { OrderRow } from '../orders/order.row.js';
import { presentOrder } from '../orders/order.presenter.js';

export class AdminSearchQueryDto {
  @ApiProperty({
    description:
      "Any id of an order: ours (ord_…), the shop's merchantReference, DOKU's referenceNo, our partnerReferenceNo, a refund (rfd_…), a refund approval (apr_…), a webhook event (evt_…) or delivery (whd_…).",
    example: 'INV-2026-000123',
  })
  @IsString({ message: 'q is required: an order id, a reference or a refund/webhook id' })
  @IsNotEmpty({ message: 'q is required: an order id, a reference or a refund/webhook id' })
  @MaxLength(128)
  q!: string;
}

/**
 * The console's search box: one text, every id an order is known by. Each branch is an
 * indexed equality (primary keys, the reference indexes), newest first, at most 20.
 */
@ApiTags('admin')
@ApiBearerAuth('apiKey')
@ApiAdminKeyErrors()
@AdminApi()
@Controller('admin/v1/search')
export class AdminSearchController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({
    summary: 'Find orders by any of their ids or references (at most 20, newest first).',
  })
  @ApiOkResponse({ type: OrderListResponseDto, description: '`nextCursor` is always null.' })
  @ApiErrors({ 400: ['VALIDATION_FAILED'] })
  async search(@Query() query: AdminSearchQueryDto) {
    const q = query.q.trim();
    const found = await rows<OrderRow>(
      this.dataSource,
      `SELECT * FROM orders WHERE id IN (
         SELECT id FROM orders WHERE id = $1
         UNION SELECT id FROM orders WHERE merchant_reference = $1
         UNION SELECT id FROM orders WHERE reference_no = $1
         UNION SELECT id FROM orders WHERE partner_reference_no = $1
         UNION SELECT order_id FROM refunds WHERE id = $1
         UNION SELECT order_id FROM refund_approvals WHERE id = $1
         UNION SELECT order_id FROM webhook_events WHERE id = $1
         UNION SELECT e.order_id FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id WHERE d.id = $1)
       ORDER BY created_at DESC, id DESC LIMIT 20`,
      [q],
    );
    return { data: found.map(presentOrder), nextCursor: null };
  }
}
