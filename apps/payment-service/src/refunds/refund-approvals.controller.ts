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
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthenticatedRequest } from '../auth/api-key.guard.js';
import { AdminApi, OperatorOnly } from '../auth/auth.decorators.js';
import { adminForbidden, ApiAdminKeyErrors, ApiErrors } from '../common/openapi/api-errors.js';
import { sendAnswer } from '../common/api-answer.js';
import { requireIdempotencyKey } from '../common/idempotency/idempotency-store.js';
import { createdHeaders } from '../common/openapi/created-headers.js';
import { CreateRefundRequestDto } from './dto/create-refund.request.dto.js';
import {
  ApprovalOutcomeResponseDto,
  ListApprovalsQueryDto,
  RefundApprovalListResponseDto,
  RefundApprovalResponseDto,
  RejectApprovalRequestDto,
} from './dto/refund-approval.dto.js';
import { RefundApprovals } from './refund-approvals.js';

const BODY_ERRORS = ['VALIDATION_FAILED', 'MALFORMED_JSON', 'BODY_TOO_DEEP'] as const;

/** Maker-checker refunds (REFUND_APPROVAL_THRESHOLD): ask, approve, reject. Thin. */
@ApiTags('admin')
@ApiBearerAuth('apiKey')
@ApiAdminKeyErrors()
@AdminApi()
@Controller('admin/v1')
export class RefundApprovalsController {
  constructor(private readonly approvals: RefundApprovals) {}

  @Post('orders/:id/refund-approvals')
  @OperatorOnly()
  @ApiOperation({
    summary:
      "Ask for a refund that needs a second operator's approval (above REFUND_APPROVAL_THRESHOLD). Checked against what is refundable now; audited as refund.approval_requested.",
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description:
      'Unique per approval request, e.g. a UUID. Same key + same body answers the first approval.',
  })
  @ApiCreatedResponse({
    type: RefundApprovalResponseDto,
    headers: createdHeaders('/admin/v1/refund-approvals/apr_0c9kq3x7d2m8w5t1z6y4h0b3'),
  })
  @ApiErrors({
    400: [
      ...BODY_ERRORS,
      'INVALID_REFUND_AMOUNT',
      'INVALID_ORDER_ID',
      'IDEMPOTENCY_KEY_MISSING',
      'IDEMPOTENCY_KEY_INVALID',
    ],
    404: ['ORDER_NOT_FOUND'],
    409: ['ORDER_NOT_REFUNDABLE', 'IDEMPOTENCY_KEY_REUSED'],
    415: ['UNSUPPORTED_MEDIA_TYPE'],
    422: ['REFUND_EXCEEDS_PAID_AMOUNT'],
  })
  async request(
    @Param('id') id: string,
    @Body() body: CreateRefundRequestDto,
    @Headers('idempotency-key') idempotencyKey: unknown,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const key = requireIdempotencyKey(idempotencyKey);
    const answer = await this.approvals.request(id, body, req.principal!.keyId, key);
    return sendAnswer(
      req,
      reply,
      answer,
      (approvalId) => `/admin/v1/refund-approvals/${approvalId}`,
    );
  }

  @Get('refund-approvals/:approvalId')
  @ApiOperation({ summary: 'One refund approval (the Location of a requested one).' })
  @ApiOkResponse({ type: RefundApprovalResponseDto })
  @ApiErrors({ 404: ['REFUND_APPROVAL_NOT_FOUND'] })
  one(@Param('approvalId') approvalId: string) {
    return this.approvals.get(approvalId);
  }

  @Get('refund-approvals')
  @ApiOperation({
    summary: 'Refund approvals, newest first; `status=AWAITING_APPROVAL` is the queue.',
  })
  @ApiOkResponse({ type: RefundApprovalListResponseDto })
  @ApiErrors({ 400: ['VALIDATION_FAILED'] })
  async list(@Query() q: ListApprovalsQueryDto) {
    return { data: await this.approvals.list(q.status) };
  }

  @Post('refund-approvals/:id/approve')
  @OperatorOnly()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Approve (a second operator): makes the refund, once, with the asker as its actor and you as approver in the audit trail.',
  })
  @ApiOkResponse({ type: ApprovalOutcomeResponseDto })
  @ApiErrors({
    403: adminForbidden(['APPROVER_MUST_DIFFER'], 'the operator who asked cannot approve.'),
    404: ['REFUND_APPROVAL_NOT_FOUND'],
    409: ['REFUND_APPROVAL_DECIDED'],
  })
  approve(@Param('id') id: string, @Req() req: AuthenticatedRequest) {
    return this.approvals.approve(id, req.principal!.keyId);
  }

  @Post('refund-approvals/:id/reject')
  @OperatorOnly()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Reject (a second operator), with a reason; audited as refund.rejected.',
  })
  @ApiOkResponse({ type: RefundApprovalResponseDto })
  @ApiErrors({
    400: [...BODY_ERRORS],
    403: adminForbidden(['APPROVER_MUST_DIFFER'], 'the operator who asked cannot reject.'),
    404: ['REFUND_APPROVAL_NOT_FOUND'],
    409: ['REFUND_APPROVAL_DECIDED'],
    415: ['UNSUPPORTED_MEDIA_TYPE'],
  })
  reject(
    @Param('id') id: string,
    @Body() body: RejectApprovalRequestDto,
    @Req() req: AuthenticatedRequest,
  ) {
    return this.approvals.reject(id, req.principal!.keyId, body.reason);
  }
}
