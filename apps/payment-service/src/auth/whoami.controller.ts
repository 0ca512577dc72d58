import { Controller, Get, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedRequest } from './api-key.guard.js';
import { AdminApi, type Principal, ServiceApi } from './auth.decorators.js';

/** Lets a shop engineer or an admin check which key they are using (its id, never the key). */
@ApiTags('auth')
@ApiBearerAuth('apiKey')
@Controller()
export class WhoAmIController {
  @Get('v1/me')
  @ServiceApi()
  @ApiOperation({ summary: 'The service API key this request used (its id).' })
  service(@Req() req: AuthenticatedRequest): Principal {
    return req.principal!;
  }

  @Get('admin/v1/me')
  @AdminApi()
  @ApiOperation({ summary: 'The admin API key this request used (its id).' })
  admin(@Req() req: AuthenticatedRequest): Principal {
    return req.principal!;
  }
}
