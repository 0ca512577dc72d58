import { Body, Controller, Get, Headers, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { sendAnswer } from '../common/api-answer.js';
import type { AuthenticatedRequest } from '../auth/api-key.guard.js';
import { AdminApi, OperatorOnly } from '../auth/auth.decorators.js';
import { requireIdempotencyKey } from '../common/idempotency/idempotency-store.js';
import { adminForbidden, ApiAdminKeyErrors, ApiErrors } from '../common/openapi/api-errors.js';
import { createdHeaders, REPLAYED_HEADER } from '../common/openapi/created-headers.js';
import { EXAMPLE_REFUND } from '../common/openapi/example-views.js';
import { EXAMPLE_ORDER_ID, EXAMPLE_REFUND_ID } from '../common/openapi/examples.js';
import { CreateRefundRequestDto } from './dto/create-refund.request.dto.js';
import { RefundListResponseDto, RefundResponseDto } from './dto/refund.response.dto.js';
import { RefundsService } from './refunds.service.js';

/** Admin refunds of an order. Thin: validation by the DTO, rules in RefundsService. */
@ApiTags('admin')
@ApiBearerAuth('apiKey')
@ApiAdminKeyErrors()
@AdminApi()
@Controller('admin/v1/orders/:id/refunds')
export class RefundsController {
  constructor(private readonly refunds: RefundsService) {}

  @Post()
  @OperatorOnly()
  @ApiOperation({
    summary:
      'Refund part or all of a paid order (idempotent by Idempotency-Key). Several refunds may follow each other up to the paid amount.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: 'Unique per refund attempt, e.g. a UUID. Same key + same body replays the answer.',
  })
  @ApiCreatedResponse({
    type: RefundResponseDto,
    description: 'SUCCEEDED: DOKU made the refund.',
    headers: createdHeaders(`/admin/v1/orders/${EXAMPLE_ORDER_ID}/refunds/${EXAMPLE_REFUND_ID}`),
  })
  @ApiAcceptedResponse({
    type: RefundResponseDto,
    headers: REPLAYED_HEADER,
    description:
      'UNKNOWN: DOKU gave no trustworthy answer; the refund holds its amount and is asked again automatically with the same partnerRefundNo (see nextAttemptAt). Never create a second refund for it.',
  })
  @ApiErrors({
    403: adminForbidden(
      ['REFUND_APPROVAL_REQUIRED'],
      'above REFUND_APPROVAL_THRESHOLD: ask for it with POST /admin/v1/orders/{id}/refund-approvals.',
    ),
    400: [
      'VALIDATION_FAILED',
      'INVALID_REFUND_AMOUNT',
      'IDEMPOTENCY_KEY_MISSING',
      'IDEMPOTENCY_KEY_INVALID',
      'INVALID_ORDER_ID',
      'MALFORMED_JSON',
      'BODY_TOO_DEEP',
    ],
    404: ['ORDER_NOT_FOUND'],
    409: {
      codes: [
        'ORDER_NOT_REFUNDABLE',
        'IDEMPOTENCY_KEY_REUSED',
        {
          code: 'REQUEST_IN_PROGRESS',
          message:
            'A refund with this Idempotency-Key is still being processed; retry in a few seconds.',
          details: {
            refund: {
              ...EXAMPLE_REFUND,
              status: 'PENDING',
              doku: { partnerRefundNo: EXAMPLE_REFUND_ID, refundNo: null },
              attempts: 0,
              refundedAt: null,
            },
          },
        },
      ],
      description:
        'the order holds no money (details.status), another body with this key, or the first request still runs (retry after Retry-After).',
    },
    415: ['UNSUPPORTED_MEDIA_TYPE'],
    422: {
      codes: ['REFUND_EXCEEDS_PAID_AMOUNT', 'REFUND_DECLINED'],
      description:
        'more than is still refundable (details: the totals), or DOKU said no: the refund is FAILED (details.refund), nothing moved.',
      replays: ['REFUND_DECLINED'],
    },
  })
  async create(
    @Param('id') id: string,
    @Body() body: CreateRefundRequestDto,
    @Headers('idempotency-key') idempotencyKey: unknown,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const key = requireIdempotencyKey(idempotencyKey);
    const answer = await this.refunds.request(id, body, key, req.principal!.keyId);
    return sendAnswer(
      req,
      reply,
      answer,
      (refundId) => `/admin/v1/orders/${id}/refunds/${refundId}`,
    );
  }

  @Get()
  @ApiOperation({ summary: "The order's refunds (oldest first) and its refund totals." })
  @ApiOkResponse({ type: RefundListResponseDto })
  @ApiErrors({ 400: ['INVALID_ORDER_ID'], 404: ['ORDER_NOT_FOUND'] })
  list(@Param('id') id: string) {
    return this.refunds.forOrder(id);
  }

  @Get(':refundId')
  @ApiOperation({ summary: 'One refund of the order (the Location of a created refund).' })
  @ApiOkResponse({ type: RefundResponseDto })
  @ApiErrors({
    400: ['INVALID_ORDER_ID', 'INVALID_REFUND_ID'],
    404: ['ORDER_NOT_FOUND', 'REFUND_NOT_FOUND'],
  })
  one(@Param('id') id: string, @Param('refundId') refundId: string) {
    return this.refunds.one(id, refundId);
  }
}
