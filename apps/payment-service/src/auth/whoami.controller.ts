import { Controller, Get, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAdminKeyErrors, ApiServiceKeyErrors } from '../common/openapi/api-errors.js';
import type { AuthenticatedRequest } from './api-key.guard.js';
import { AdminApi, type Principal, ServiceApi } from './auth.decorators.js';
import { WhoAmIResponseDto } from './dto/whoami.response.dto.js';

/** Lets a shop engineer or an admin check which key they are using (its id, never the key). */
@ApiTags('auth')
@ApiBearerAuth('apiKey')
@Controller()
export class WhoAmIController {
  @Get('v1/me')
  @ServiceApi()
  @ApiOperation({ summary: 'The service API key this request used (its id).' })
  @ApiOkResponse({ type: WhoAmIResponseDto })
  @ApiServiceKeyErrors()
  service(@Req() req: AuthenticatedRequest): Principal {
    return req.principal!;
  }

  @Get('admin/v1/me')
  @AdminApi()
  @ApiOperation({ summary: 'The admin API key this request used (its id).' })
  @ApiOkResponse({
    type: WhoAmIResponseDto,
    example: { audience: 'admin', keyId: 'alice' },
  })
  @ApiAdminKeyErrors()
  admin(@Req() req: AuthenticatedRequest): Principal {
    return req.principal!;
  }
}
