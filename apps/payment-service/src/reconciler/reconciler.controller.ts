import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAdminKeyErrors, ApiErrors } from '../common/openapi/api-errors.js';
import { ReconcileNowResponseDto } from './dto/reconcile-now.response.dto.js';
import type { AuthenticatedRequest } from '../auth/api-key.guard.js';
import { AdminApi, OperatorOnly } from '../auth/auth.decorators.js';
import { type ReconcileNowAnswer, ReconcilerService } from './reconciler.service.js';

@ApiTags('admin')
@ApiBearerAuth('apiKey')
@AdminApi()
@ApiAdminKeyErrors()
@Controller('admin/v1/orders')
export class ReconcilerController {
  constructor(private readonly reconciler: ReconcilerService) {}

  @Post(':id/reconcile')
  @OperatorOnly()
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Reconcile one order now: query DOKU and apply what the reconciler's schedule decides (PAID, EXPIRED, FAILED, a flag, or the next poll). Audited with your key id.",
  })
  @ApiOkResponse({ type: ReconcileNowResponseDto })
  @ApiErrors({ 400: ['INVALID_ORDER_ID'], 404: ['ORDER_NOT_FOUND'] })
  reconcile(
    @Param('id') id: string,
    @Req() req: AuthenticatedRequest,
  ): Promise<ReconcileNowAnswer> {
    return this.reconciler.reconcileNow(id, req.principal!.keyId);
  }
}
