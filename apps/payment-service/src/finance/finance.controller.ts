import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AdminApi } from '../auth/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { ApiAdminKeyErrors, ApiErrors } from '../common/openapi/api-errors.js';
import {
  FinanceExportQueryDto,
  FinanceSummaryQueryDto,
  FinanceSummaryResponseDto,
} from './dto/finance.dto.js';
import { ordersCsv, refundsCsv } from './finance.exports.js';
import { FinanceRepository } from './finance.repository.js';
import { jakartaDays, jakartaToday } from './jakarta-day.js';

const MAX_EXPORT_DAYS = 92;

const csvAnswer = (example: string) => ({
  description: 'CSV (RFC 4180, CRLF, a header row); columns in docs/admin-console.md.',
  content: { 'text/csv': { schema: { type: 'string', example } } },
});

/** The console's Finance page: a day's figures and CSV exports. Read only: viewers may. */
@ApiTags('admin')
@ApiBearerAuth('apiKey')
@ApiAdminKeyErrors()
@AdminApi()
@Controller('admin/v1/finance')
export class FinanceController {
  constructor(private readonly finance: FinanceRepository) {}

  @Get('summary')
  @ApiOperation({
    summary:
      'One Jakarta day: orders paid (count, sum), refunds DOKU made, net, orders flagged. Minor units.',
  })
  @ApiOkResponse({ type: FinanceSummaryResponseDto })
  @ApiErrors({ 400: ['VALIDATION_FAILED'] })
  summary(@Query() q: FinanceSummaryQueryDto) {
    return this.finance.summary(q.date ?? jakartaToday());
  }

  @Get('orders.csv')
  @ApiProduces('text/csv')
  @ApiOperation({
    summary:
      "Orders created in a range of Jakarta days, as CSV for matching DOKU's settlement report.",
  })
  @ApiOkResponse(csvAnswer('order_id,merchant_reference,created_at_wib,…\r\n'))
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'INVALID_DATE_RANGE'] })
  async ordersCsv(
    @Query() q: FinanceExportQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { from, to } = range(q);
    csvHeaders(reply, `orders-${q.from}-${q.to ?? q.from}.csv`);
    return ordersCsv(await this.finance.orders(from, to));
  }

  @Get('refunds.csv')
  @ApiProduces('text/csv')
  @ApiOperation({
    summary: 'Refunds created in a range of Jakarta days, as CSV, with DOKU’s references.',
  })
  @ApiOkResponse(csvAnswer('refund_id,order_id,merchant_reference,…\r\n'))
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'INVALID_DATE_RANGE'] })
  async refundsCsv(
    @Query() q: FinanceExportQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { from, to } = range(q);
    csvHeaders(reply, `refunds-${q.from}-${q.to ?? q.from}.csv`);
    return refundsCsv(await this.finance.refunds(from, to));
  }
}

function range(q: FinanceExportQueryDto): { from: Date; to: Date } {
  const last = q.to ?? q.from;
  const days = jakartaDays(q.from, last);
  const count = (days.to.getTime() - days.from.getTime()) / 86_400_000;
  if (count < 1 || count > MAX_EXPORT_DAYS) {
    throw new DomainError(
      'invalid',
      'INVALID_DATE_RANGE',
      count < 1
        ? `to (${last}) is before from (${q.from}): give the first day, then the last.`
        : `${count} days asked; export at most ${MAX_EXPORT_DAYS} days at a time.`,
    );
  }
  return days;
}

function csvHeaders(reply: FastifyReply, filename: string): void {
  void reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store');
}
