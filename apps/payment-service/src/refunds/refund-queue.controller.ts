import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminApi } from '../auth/auth.decorators.js';
import { ApiAdminKeyErrors, ApiErrors } from '../common/openapi/api-errors.js';
import { ListRefundsQueryDto } from './dto/list-refunds.query.dto.js';
import { RefundQueueResponseDto } from './dto/refund.response.dto.js';
import { presentRefund } from './refund.presenter.js';
import { RefundsRepository } from './refunds.repository.js';

/** Refunds across orders by status: the console's queue of UNKNOWN refunds. Read only. */
@ApiTags('admin')
@ApiBearerAuth('apiKey')
@ApiAdminKeyErrors()
@AdminApi()
@Controller('admin/v1/refunds')
export class RefundQueueController {
  constructor(private readonly refunds: RefundsRepository) {}

  @Get()
  @ApiOperation({
    summary:
      'Refunds of one status across all orders, oldest first; `status=UNKNOWN` is the queue of refunds waiting for DOKU’s answer (each with `unknown.message`).',
  })
  @ApiOkResponse({ type: RefundQueueResponseDto })
  @ApiErrors({ 400: ['VALIDATION_FAILED'] })
  async list(@Query() q: ListRefundsQueryDto) {
    const found = await this.refunds.withStatus(q.status, q.limit ?? 100);
    return { data: found.map(presentRefund) };
  }
}
