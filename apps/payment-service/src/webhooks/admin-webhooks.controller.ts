import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthenticatedRequest } from '../auth/api-key.guard.js';
import { AdminApi, OperatorOnly } from '../auth/auth.decorators.js';
import { ApiAdminKeyErrors, ApiErrors } from '../common/openapi/api-errors.js';
import { ResendWebhookRequestDto } from './dto/resend-webhook.request.dto.js';
import {
  ListWebhookDeliveriesQueryDto,
  WebhookDeliveryQueueResponseDto,
  WebhookResendResponseDto,
} from './dto/webhook-delivery.response.dto.js';
import { WebhookDeliveryViews } from './webhook-delivery.views.js';
import { WebhookEventDto } from './dto/webhook-event.dto.js';
import { WebhookDispatcher, type ResendResult } from './webhook-dispatcher.js';

@ApiTags('admin')
@ApiBearerAuth('apiKey')
@ApiAdminKeyErrors()
// The body the shop receives (resent here as it was first sent): a schema for shop clients.
@ApiExtraModels(WebhookEventDto)
@AdminApi()
@Controller('admin/v1/webhook-deliveries')
export class AdminWebhooksController {
  constructor(
    private readonly dispatcher: WebhookDispatcher,
    private readonly views: WebhookDeliveryViews,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'Deliveries of one status across orders, oldest first; `status=DEAD` is the queue of dead-lettered webhooks not resent since.',
  })
  @ApiOkResponse({ type: WebhookDeliveryQueueResponseDto })
  @ApiErrors({ 400: ['VALIDATION_FAILED'] })
  async list(@Query() q: ListWebhookDeliveriesQueryDto) {
    return { data: await this.views.withStatus(q.status, q.limit ?? 100) };
  }

  @Post(':id/resend')
  @OperatorOnly()
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Send an event again: a new delivery of the same event (same webhook-id), due now. 409 while a delivery of the event is still pending.',
  })
  @ApiAcceptedResponse({ type: WebhookResendResponseDto })
  @ApiErrors({
    400: ['WEBHOOK_DELIVERY_ID_MALFORMED', 'VALIDATION_FAILED', 'MALFORMED_JSON', 'BODY_TOO_DEEP'],
    404: ['WEBHOOK_DELIVERY_NOT_FOUND'],
    409: {
      codes: ['WEBHOOK_DELIVERY_PENDING'],
      description: 'a delivery of the event is still being attempted (details.pendingDeliveryId).',
    },
    415: ['UNSUPPORTED_MEDIA_TYPE'],
    422: { codes: ['WEBHOOK_URL_NOT_CONFIGURED'], description: 'nowhere to resend to.' },
  })
  resend(
    @Param('id') id: string,
    @Body() body: ResendWebhookRequestDto,
    @Req() req: AuthenticatedRequest,
  ): Promise<ResendResult> {
    return this.dispatcher.resend(id, req.principal!.keyId, body.reason);
  }
}
