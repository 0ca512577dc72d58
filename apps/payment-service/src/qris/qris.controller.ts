import { Body, Controller, Get, Headers, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { sendAnswer } from '../common/api-answer.js';
import type { AuthenticatedRequest } from '../auth/api-key.guard.js';
import { ServiceApi } from '../auth/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { requireIdempotencyKey } from '../common/idempotency/idempotency-store.js';
import { CreateCustomerTokenRequestDto } from './dto/create-customer-token.request.dto.js';
import { CreateQrisPaymentRequestDto } from './dto/create-qris-payment.request.dto.js';
import { DecodeQrisRequestDto } from './dto/decode-qris.request.dto.js';
import { QrisDecodeService } from './qris-decode.service.js';
import { QrisPaymentsService } from './qris-payments.service.js';

/** QRIS operations for other services: decode any QRIS, pay one with a customer's token. */
@ApiTags('qris')
@ApiBearerAuth('apiKey')
@ServiceApi()
@Controller('v1/qris')
export class QrisController {
  constructor(
    private readonly decoder: QrisDecodeService,
    private readonly payments: QrisPaymentsService,
  ) {}

  @Post('decode')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Decode a QRIS: our strict reading (fields, warnings with codes and offsets) merged with DOKU's qr-mpm-decode when DOKU answers.",
  })
  @ApiResponse({ status: 200, description: 'Readable; soft rule breaks come as warnings.' })
  @ApiResponse({
    status: 422,
    description:
      'QR_INVALID: broken CRC, broken TLV structure or a missing mandatory tag; details.problems lists each with code, tag and offset.',
  })
  decode(@Body() body: DecodeQrisRequestDto) {
    return this.decoder.decode(body.qrContent);
  }

  @Post('payments')
  @ApiOperation({
    summary:
      "Pay a QRIS on a customer's behalf (qr-mpm-payment, b2b2c) with their access token or authCode; idempotent by Idempotency-Key.",
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: 'Unique per payment attempt. Same key + same body replays the answer.',
  })
  @ApiResponse({ status: 201, description: 'SUCCEEDED.' })
  @ApiResponse({
    status: 422,
    description:
      'QR_INVALID, AMOUNT_REQUIRED, AMOUNT_MISMATCH, CUSTOMER_TOKEN_INVALID, CUSTOMER_AUTH_FAILED, PAYMENT_DECLINED.',
  })
  @ApiResponse({
    status: 504,
    description: 'PAYMENT_OUTCOME_UNKNOWN: repeat with the same key to get DOKU’s answer.',
  })
  async pay(
    @Body() body: CreateQrisPaymentRequestDto,
    @Headers('idempotency-key') idempotencyKey: unknown,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const key = requireIdempotencyKey(idempotencyKey);
    const answer = await this.payments.pay(body, key, req.principal!.keyId);
    return sendAnswer(req, reply, answer);
  }

  @Get('payments/:id')
  @ApiOperation({ summary: 'One payment with its events.' })
  get(@Param('id') id: string) {
    return this.payments.get(id);
  }

  @Post('customer-tokens')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Exchange a customer's authCode (or refresh token) for a B2B2C access token at DOKU. Nothing is stored.",
  })
  async customerToken(
    @Body() body: CreateCustomerTokenRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const hasCode = body.authCode !== undefined;
    if (hasCode === (body.refreshToken !== undefined)) {
      throw new DomainError(
        'invalid',
        'CUSTOMER_GRANT_REQUIRED',
        'Send exactly one of authCode (first time) or refreshToken (to renew a token).',
      );
    }
    void reply.header('cache-control', 'no-store');
    return this.payments.exchangeToken(
      hasCode ? { authCode: body.authCode! } : { refreshToken: body.refreshToken! },
    );
  }
}
