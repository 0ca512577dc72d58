import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedRequest } from '../auth/api-key.guard.js';
import { AdminApi } from '../auth/auth.decorators.js';
import { ResendWebhookRequestDto } from './dto/resend-webhook.request.dto.js';
import { WebhookDispatcher, type ResendResult } from './webhook-dispatcher.js';

@ApiTags('admin')
@ApiBearerAuth('apiKey')
@AdminApi()
@Controller('admin/v1/webhook-deliveries')
export class AdminWebhooksController {
  constructor(private readonly dispatcher: WebhookDispatcher) {}

  @Post(':id/resend')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Send an event again: a new delivery of the same event (same webhook-id), due now. 409 while a delivery of the event is still pending.',
  })
  resend(
    @Param('id') id: string,
    @Body() body: ResendWebhookRequestDto,
    @Req() req: AuthenticatedRequest,
  ): Promise<ResendResult> {
    return this.dispatcher.resend(id, req.principal!.keyId, body.reason);
  }
}
