import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { sendAnswer } from '../common/api-answer.js';
import { renderQrPng, renderQrSvg } from '#qris';
import type { AuthenticatedRequest } from '../auth/api-key.guard.js';
import { ServiceApi } from '../auth/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { requireIdempotencyKey } from '../common/idempotency/idempotency-store.js';
import { CreateOrderRequestDto } from './dto/create-order.request.dto.js';
import { ListOrdersQueryDto } from './dto/list-orders.query.dto.js';
import { presentEvent, presentOrder } from './order.presenter.js';
import type { OrderRow } from './order.row.js';
import { OrdersService } from './orders.service.js';

/** Shop-facing orders API. Thin: validation by DTOs, rules in OrdersService. */
@ApiTags('orders')
@ApiBearerAuth('apiKey')
@ServiceApi()
@Controller('v1/orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
  @ApiOperation({
    summary: 'Create an order and its dynamic QRIS (idempotent by Idempotency-Key).',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description:
      'Unique per order attempt, e.g. a UUID. Same key + same body replays the first answer.',
  })
  @ApiResponse({ status: 201, description: 'PENDING, with qrContent to show.' })
  @ApiResponse({
    status: 409,
    description:
      'IDEMPOTENCY_KEY_REUSED (other body) or REQUEST_IN_PROGRESS (retry after Retry-After).',
  })
  @ApiResponse({ status: 422, description: 'GATEWAY_DECLINED: DOKU refused; the order is FAILED.' })
  @ApiResponse({
    status: 504,
    description: 'GATEWAY_TIMEOUT: the order stays CREATING and is resolved automatically.',
  })
  async create(
    @Body() body: CreateOrderRequestDto,
    @Headers('idempotency-key') idempotencyKey: unknown,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const key = requireIdempotencyKey(idempotencyKey);
    const answer = await this.orders.create(body, key, req.principal!.keyId);
    return sendAnswer(req, reply, answer);
  }

  @Get()
  @ApiOperation({ summary: 'List orders, newest first (keyset pagination with nextCursor).' })
  list(@Query() query: ListOrdersQueryDto) {
    return this.orders.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One order.' })
  async get(@Param('id') id: string) {
    return presentOrder(await this.orders.get(id));
  }

  @Get(':id/events')
  @ApiOperation({ summary: "The order's audit trail." })
  async events(@Param('id') id: string) {
    return { data: (await this.orders.events(id)).map(presentEvent) };
  }

  @Get(':id/qr.png')
  @ApiProduces('image/png')
  @ApiOperation({ summary: 'The QR as a PNG image (while the order is PENDING).' })
  async png(
    @Param('id') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const order = await this.payableQr(id);
    void reply.header('content-type', 'image/png').header('cache-control', 'no-store');
    return renderQrPng(order.qr_content!);
  }

  @Get(':id/qr.svg')
  @ApiProduces('image/svg+xml')
  @ApiOperation({ summary: 'The QR as an SVG image (while the order is PENDING).' })
  async svg(
    @Param('id') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const order = await this.payableQr(id);
    void reply.header('content-type', 'image/svg+xml').header('cache-control', 'no-store');
    return renderQrSvg(order.qr_content!);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a PENDING order (its QR is cancelled at DOKU first).' })
  async cancel(@Param('id') id: string, @Req() req: AuthenticatedRequest) {
    return presentOrder(await this.orders.cancel(id, 'api', req.principal!.keyId));
  }

  private async payableQr(id: string): Promise<OrderRow> {
    const order = await this.orders.get(id);
    if (order.status !== 'PENDING' || !order.qr_content) {
      throw new DomainError(
        'conflict',
        'QR_NOT_AVAILABLE',
        `The QR of ${id} can only be shown while the order is PENDING; it is ${order.status}.`,
        { status: order.status },
      );
    }
    return order;
  }
}
