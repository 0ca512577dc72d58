import {
  applyDecorators,
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
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { sendAnswer } from '../common/api-answer.js';
import { renderQrPng, renderQrSvg } from '#qris';
import type { AuthenticatedRequest } from '../auth/api-key.guard.js';
import { ServiceApi } from '../auth/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { requireIdempotencyKey } from '../common/idempotency/idempotency-store.js';
import { ApiErrors, ApiServiceKeyErrors } from '../common/openapi/api-errors.js';
import { createdHeaders } from '../common/openapi/created-headers.js';
import { EXAMPLE_CREATING_ORDER, EXAMPLE_PENDING_ORDER } from '../common/openapi/example-views.js';
import { EXAMPLE_ORDER_ID } from '../common/openapi/examples.js';
import { CANCEL_ERRORS } from './dto/order.errors.js';
import { CreateOrderRequestDto } from './dto/create-order.request.dto.js';
import { ListOrdersQueryDto } from './dto/list-orders.query.dto.js';
import {
  OrderEventListResponseDto,
  OrderListResponseDto,
  OrderResponseDto,
} from './dto/order.response.dto.js';
import { presentEvent, presentOrder } from './order.presenter.js';
import type { OrderRow } from './order.row.js';
import { OrdersService } from './orders.service.js';

/** Shop-facing orders API. Thin: validation by DTOs, rules in OrdersService. */
/** What the two QR image routes answer (PNG and SVG alike). */
const ApiQrImage = () =>
  applyDecorators(
    ApiOkResponse({
      description: 'The QR of qrContent, not cached (Cache-Control: no-store).',
      schema: { type: 'string', format: 'binary' },
    }),
    ApiErrors({
      400: ['INVALID_ORDER_ID'],
      404: ['ORDER_NOT_FOUND'],
      409: {
        codes: ['QR_NOT_AVAILABLE'],
        description: 'the order is not PENDING (details.status).',
      },
    }),
  );

@ApiTags('orders')
@ApiBearerAuth('apiKey')
@ApiServiceKeyErrors()
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
  @ApiCreatedResponse({
    type: OrderResponseDto,
    description:
      'PENDING, with qrContent to show (a replay of a resolved order answers it as it is now).',
    headers: createdHeaders(`/v1/orders/${EXAMPLE_ORDER_ID}`),
    example: EXAMPLE_PENDING_ORDER,
  })
  @ApiErrors({
    400: [
      'VALIDATION_FAILED',
      'AMOUNT_TOO_LARGE',
      'EXPIRY_TOO_LONG',
      'IDEMPOTENCY_KEY_MISSING',
      'IDEMPOTENCY_KEY_INVALID',
      'MALFORMED_JSON',
      'BODY_TOO_DEEP',
    ],
    409: {
      codes: ['IDEMPOTENCY_KEY_REUSED', 'REQUEST_IN_PROGRESS'],
      description:
        'another body with this key, or the first request still runs (retry after Retry-After).',
    },
    415: ['UNSUPPORTED_MEDIA_TYPE'],
    422: {
      codes: ['GATEWAY_DECLINED'],
      description: 'DOKU refused to create the QR; details.order is the FAILED order.',
      replays: ['GATEWAY_DECLINED'],
    },
    502: {
      codes: [
        {
          code: 'GATEWAY_UNAVAILABLE',
          message:
            'DOKU is unavailable right now; the order stays CREATING and will be resolved automatically within minutes. Watch GET /v1/orders/ord_8m2k4q7x1v9c3b6n5z0w2e4r or the order.failed webhook, then create a new order with a new Idempotency-Key.',
          details: { order: EXAMPLE_CREATING_ORDER, dokuOutcome: 'retryable' },
        },
        'GATEWAY_OUTCOME_UNKNOWN',
        'GATEWAY_INVALID_QR',
        'GATEWAY_AUTH_FAILED',
      ],
      description:
        'DOKU is down (the order stays CREATING and is resolved automatically), or the order FAILED on our way to DOKU: nothing was charged.',
      // A FAILED order is final; GATEWAY_UNAVAILABLE leaves it CREATING (a replay gets 409).
      replays: ['GATEWAY_OUTCOME_UNKNOWN', 'GATEWAY_INVALID_QR', 'GATEWAY_AUTH_FAILED'],
    },
    504: {
      codes: ['GATEWAY_TIMEOUT'],
      description: 'the order stays CREATING and is resolved automatically.',
    },
  })
  async create(
    @Body() body: CreateOrderRequestDto,
    @Headers('idempotency-key') idempotencyKey: unknown,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const key = requireIdempotencyKey(idempotencyKey);
    const answer = await this.orders.create(body, key, req.principal!.keyId);
    return sendAnswer(req, reply, answer, (id) => `/v1/orders/${id}`);
  }

  @Get()
  @ApiOperation({ summary: 'List orders, newest first (keyset pagination with nextCursor).' })
  @ApiOkResponse({ type: OrderListResponseDto })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'INVALID_CURSOR'] })
  list(@Query() query: ListOrdersQueryDto) {
    return this.orders.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One order.' })
  @ApiOkResponse({ type: OrderResponseDto })
  @ApiErrors({ 400: ['INVALID_ORDER_ID'], 404: ['ORDER_NOT_FOUND'] })
  async get(@Param('id') id: string) {
    return presentOrder(await this.orders.get(id));
  }

  @Get(':id/events')
  @ApiOperation({ summary: "The order's audit trail." })
  @ApiOkResponse({ type: OrderEventListResponseDto })
  @ApiErrors({ 400: ['INVALID_ORDER_ID'], 404: ['ORDER_NOT_FOUND'] })
  async events(@Param('id') id: string) {
    return { data: (await this.orders.events(id)).map(presentEvent) };
  }

  @Get(':id/qr.png')
  @ApiProduces('image/png')
  @ApiOperation({ summary: 'The QR as a PNG image (while the order is PENDING).' })
  @ApiQrImage()
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
  @ApiQrImage()
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
  @ApiOkResponse({
    type: OrderResponseDto,
    description: 'CANCELLED (cancelling a CANCELLED order answers it again).',
  })
  @ApiErrors(CANCEL_ERRORS)
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
