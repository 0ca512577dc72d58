import { Body, Controller, Get, Headers, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { sendAnswer } from '../common/api-answer.js';
import type { AuthenticatedRequest } from '../auth/api-key.guard.js';
import { ServiceApi } from '../auth/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { requireIdempotencyKey } from '../common/idempotency/idempotency-store.js';
import { ApiErrors, ApiServiceKeyErrors } from '../common/openapi/api-errors.js';
import { createdHeaders } from '../common/openapi/created-headers.js';
import { EXAMPLE_PAYMENT, exampleFailedPayment } from '../common/openapi/example-views.js';
import { EXAMPLE_PAYMENT_ID } from '../common/openapi/examples.js';
import { CreateCustomerTokenRequestDto } from './dto/create-customer-token.request.dto.js';
import { CreateQrisPaymentRequestDto } from './dto/create-qris-payment.request.dto.js';
import { DecodeQrisRequestDto } from './dto/decode-qris.request.dto.js';
import { QRIS_DECODE_UNION_MODELS, QrisDecodeResponseDto } from './dto/qris-decode.response.dto.js';
import {
  CustomerTokenResponseDto,
  QrisPaymentResponseDto,
  QrisPaymentWithEventsResponseDto,
} from './dto/qris-payment.response.dto.js';
import { QrisDecodeService } from './qris-decode.service.js';
import { QrisPaymentsService } from './qris-payments.service.js';

const CUSTOMER_TOKEN_UNAVAILABLE = 'DOKU did not issue a customer token right now; retry shortly.';

/** QRIS operations for other services: decode any QRIS, pay one with a customer's token. */
@ApiTags('qris')
@ApiBearerAuth('apiKey')
@ApiServiceKeyErrors()
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
  @ApiOkResponse({
    type: QrisDecodeResponseDto,
    description: 'Readable; soft rule breaks come as warnings.',
  })
  @ApiExtraModels(...QRIS_DECODE_UNION_MODELS)
  @ApiErrors({
    400: ['VALIDATION_FAILED', 'MALFORMED_JSON', 'BODY_TOO_DEEP'],
    415: ['UNSUPPORTED_MEDIA_TYPE'],
    422: {
      codes: ['QR_INVALID'],
      description:
        'broken CRC, broken TLV structure or a missing mandatory tag; details.problems lists each with code, tag and offset.',
    },
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
  @ApiCreatedResponse({
    type: QrisPaymentResponseDto,
    description: 'SUCCEEDED, with approvalCode and doku.referenceNo.',
    headers: createdHeaders(`/v1/qris/payments/${EXAMPLE_PAYMENT_ID}`),
  })
  @ApiErrors({
    400: [
      'VALIDATION_FAILED',
      'CUSTOMER_CREDENTIAL_REQUIRED',
      'IDEMPOTENCY_KEY_MISSING',
      'IDEMPOTENCY_KEY_INVALID',
      'MALFORMED_JSON',
      'BODY_TOO_DEEP',
    ],
    409: {
      codes: [
        'IDEMPOTENCY_KEY_REUSED',
        {
          code: 'REQUEST_IN_PROGRESS',
          message:
            'A payment with this Idempotency-Key is still being processed; retry in a few seconds.',
          details: {
            payment: {
              ...EXAMPLE_PAYMENT,
              status: 'PENDING',
              approvalCode: null,
              completedAt: null,
            },
          },
        },
      ],
      description:
        'another body with this key, or the first request still runs (retry after Retry-After).',
    },
    415: ['UNSUPPORTED_MEDIA_TYPE'],
    422: {
      codes: [
        'QR_INVALID',
        'QR_CURRENCY_UNSUPPORTED',
        'AMOUNT_REQUIRED',
        'AMOUNT_MISMATCH',
        'CUSTOMER_TOKEN_INVALID',
        'CUSTOMER_AUTH_FAILED',
        'PAYMENT_DECLINED',
      ],
      description:
        'nobody was charged; pay again with a new key once fixed (details.payment when one was recorded).',
      // A FAILED payment's answer is stored; the QR and amount checks run before any key is claimed.
      replays: ['CUSTOMER_TOKEN_INVALID', 'CUSTOMER_AUTH_FAILED', 'PAYMENT_DECLINED'],
    },
    502: {
      codes: [
        {
          code: 'GATEWAY_UNAVAILABLE',
          message:
            'DOKU could not be reached (connection_failed); the payment was not sent. Nothing was charged; pay again with a new Idempotency-Key.',
          details: { payment: exampleFailedPayment('GATEWAY_UNAVAILABLE', 'connection_failed') },
        },
        {
          code: 'GATEWAY_AUTH_FAILED',
          message:
            'DOKU refused our credentials (signature). Nothing was charged; pay again with a new Idempotency-Key.',
          details: {
            payment: exampleFailedPayment('GATEWAY_AUTH_FAILED', 'Unauthorized. Signature'),
          },
        },
        'CUSTOMER_TOKEN_UNAVAILABLE',
      ],
      description: 'the payment was never sent: nobody was charged.',
      replays: ['GATEWAY_UNAVAILABLE', 'GATEWAY_AUTH_FAILED', 'CUSTOMER_TOKEN_UNAVAILABLE'],
    },
    504: {
      codes: ['PAYMENT_OUTCOME_UNKNOWN'],
      description:
        'the customer may have been charged: repeat with the same key to get DOKU’s answer.',
      // Repeating asks DOKU again; while it still does not say, the 504 is answered again.
      replays: ['PAYMENT_OUTCOME_UNKNOWN'],
    },
  })
  async pay(
    @Body() body: CreateQrisPaymentRequestDto,
    @Headers('idempotency-key') idempotencyKey: unknown,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const key = requireIdempotencyKey(idempotencyKey);
    const answer = await this.payments.pay(body, key, req.principal!.keyId);
    return sendAnswer(req, reply, answer, (id) => `/v1/qris/payments/${id}`);
  }

  @Get('payments/:id')
  @ApiOperation({ summary: 'One payment with its events.' })
  @ApiOkResponse({ type: QrisPaymentWithEventsResponseDto })
  @ApiErrors({ 400: ['INVALID_PAYMENT_ID'], 404: ['PAYMENT_NOT_FOUND'] })
  get(@Param('id') id: string) {
    return this.payments.get(id);
  }

  @Post('customer-tokens')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Exchange a customer's authCode (or refresh token) for a B2B2C access token at DOKU. Nothing is stored.",
  })
  @ApiOkResponse({
    type: CustomerTokenResponseDto,
    description: 'The token pair (Cache-Control: no-store).',
  })
  @ApiErrors({
    400: ['VALIDATION_FAILED', 'CUSTOMER_GRANT_REQUIRED', 'MALFORMED_JSON', 'BODY_TOO_DEEP'],
    415: ['UNSUPPORTED_MEDIA_TYPE'],
    422: {
      codes: ['CUSTOMER_AUTH_FAILED'],
      description: 'the authCode or refresh token was refused (both are single use).',
    },
    502: {
      codes: [{ code: 'GATEWAY_UNAVAILABLE', message: CUSTOMER_TOKEN_UNAVAILABLE }],
      description: 'DOKU is down; retry shortly.',
    },
    504: {
      codes: [
        {
          code: 'GATEWAY_TIMEOUT',
          message: CUSTOMER_TOKEN_UNAVAILABLE,
          details: { dokuOutcome: 'unknown' },
        },
      ],
      description: 'DOKU did not answer in time; retry shortly.',
    },
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
