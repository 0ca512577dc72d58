import { Body, Controller, Get, Headers, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { sendAnswer } from '../common/api-answer.js';
import type { AuthenticatedRequest } from '../auth/api-key.guard.js';
import { AdminApi } from '../auth/auth.decorators.js';
import { requireIdempotencyKey } from '../common/idempotency/idempotency-store.js';
import { CreateRefundRequestDto } from './dto/create-refund.request.dto.js';
import { RefundsService } from './refunds.service.js';

/** Admin refunds of an order. Thin: validation by the DTO, rules in RefundsService. */
@ApiTags('admin')
@ApiBearerAuth('apiKey')
@AdminApi()
@Controller('admin/v1/orders/:id/refunds')
export class RefundsController {
  constructor(private readonly refunds: RefundsService) {}

  @Post()
  @ApiOperation({
    summary:
      'Refund part or all of a paid order (idempotent by Idempotency-Key). Several refunds may follow each other up to the paid amount.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: 'Unique per refund attempt, e.g. a UUID. Same key + same body replays the answer.',
  })
  @ApiResponse({ status: 201, description: 'SUCCEEDED: DOKU made the refund.' })
  @ApiResponse({
    status: 202,
    description:
      'UNKNOWN: DOKU gave no trustworthy answer; the refund holds its amount and is asked again automatically with the same partnerRefundNo.',
  })
  @ApiResponse({ status: 409, description: 'ORDER_NOT_REFUNDABLE, IDEMPOTENCY_KEY_REUSED.' })
  @ApiResponse({
    status: 422,
    description: 'REFUND_EXCEEDS_PAID_AMOUNT, or REFUND_DECLINED (DOKU said no; FAILED).',
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
    return sendAnswer(req, reply, answer);
  }

  @Get()
  @ApiOperation({ summary: "The order's refunds (oldest first) and its refund totals." })
  list(@Param('id') id: string) {
    return this.refunds.forOrder(id);
  }
}
