import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { renderQrSvg } from '#qris';
import { DomainError } from '../common/domain-error.js';
import type { AuthenticatedRequest } from '../auth/api-key.guard.js';
import { AdminApi, OperatorOnly } from '../auth/auth.decorators.js';
import { ApiAdminKeyErrors, ApiErrors } from '../common/openapi/api-errors.js';
import { CANCEL_ERRORS } from '../orders/dto/order.errors.js';
import { OrderListResponseDto, OrderResponseDto } from '../orders/dto/order.response.dto.js';
import { presentOrder } from '../orders/order.presenter.js';
import { OrdersService } from '../orders/orders.service.js';
import { AdminOrderViews } from './admin-order.view.js';
import { AdminCancelOrderRequestDto } from './dto/admin-cancel-order.request.dto.js';
import { AdminOrderResponseDto } from './dto/admin-order.response.dto.js';
import { AdminListOrdersQueryDto } from './dto/admin-list-orders.query.dto.js';

/**
 * Admin orders API. Thin: searching and cancelling belong to OrdersService, refunds to the
 * refunds module (`/admin/v1/orders/{id}/refunds`), webhook resend to the webhooks module.
 */
@ApiTags('admin')
@ApiBearerAuth('apiKey')
@ApiAdminKeyErrors()
@AdminApi()
@Controller('admin/v1/orders')
export class AdminOrdersController {
  constructor(
    private readonly orders: OrdersService,
    private readonly views: AdminOrderViews,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'Search orders, newest first: merchant reference, DOKU reference, status (or `flagged`), one flag, amount range, date range; keyset pagination with nextCursor.',
  })
  @ApiOkResponse({ type: OrderListResponseDto })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'INVALID_CURSOR'] })
  list(@Query() q: AdminListOrdersQueryDto) {
    const { referenceNo, status, flag, amountMin, amountMax, ...rest } = q;
    return this.orders.list(
      { ...rest, status: status === 'flagged' ? undefined : status },
      { referenceNo, flagged: status === 'flagged', flag, amountMin, amountMax },
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'One order with its refunds, audit events and webhook deliveries.' })
  @ApiOkResponse({ type: AdminOrderResponseDto })
  @ApiErrors({ 400: ['INVALID_ORDER_ID'], 404: ['ORDER_NOT_FOUND'] })
  get(@Param('id') id: string) {
    return this.views.get(id);
  }

  @Get(':id/qr.svg')
  @ApiProduces('image/svg+xml')
  @ApiOperation({ summary: "The order's QR as an SVG image (any status that has a QR)." })
  @ApiOkResponse({
    description: 'The QR (SVG).',
    content: { 'image/svg+xml': { schema: { type: 'string', example: '<svg …>' } } },
  })
  @ApiErrors({
    400: ['INVALID_ORDER_ID'],
    404: ['ORDER_NOT_FOUND'],
    409: { codes: ['QR_NOT_AVAILABLE'], description: 'DOKU never issued a QR for it.' },
  })
  async qr(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const order = await this.orders.get(id);
    if (!order.qr_content) {
      throw new DomainError(
        'conflict',
        'QR_NOT_AVAILABLE',
        `${id} has no QR: DOKU never issued one (it is ${order.status}).`,
        { status: order.status },
      );
    }
    void reply.header('content-type', 'image/svg+xml').header('cache-control', 'no-store');
    return renderQrSvg(order.qr_content);
  }

  @Post(':id/cancel')
  @OperatorOnly()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Cancel a PENDING order (its QR is cancelled at DOKU first); the reason and your key id go into the audit trail.',
  })
  @ApiOkResponse({
    type: OrderResponseDto,
    description: 'CANCELLED (cancelling a CANCELLED order answers it again).',
  })
  @ApiErrors({
    ...CANCEL_ERRORS,
    400: ['VALIDATION_FAILED', ...CANCEL_ERRORS[400], 'MALFORMED_JSON', 'BODY_TOO_DEEP'],
    415: ['UNSUPPORTED_MEDIA_TYPE'],
  })
  async cancel(
    @Param('id') id: string,
    @Body() body: AdminCancelOrderRequestDto,
    @Req() req: AuthenticatedRequest,
  ) {
    return presentOrder(await this.orders.cancel(id, 'admin', req.principal!.keyId, body.reason));
  }
}
