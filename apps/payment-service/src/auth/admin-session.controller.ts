import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { locationHeader } from '../common/openapi/created-headers.js';
import type { FastifyReply } from 'fastify';
import { DomainError } from '../common/domain-error.js';
import { ApiAdminKeyErrors, ApiErrors } from '../common/openapi/api-errors.js';
import { APP_CONFIG, type ServiceConfig } from '../config/app-config.js';
import { AdminSessions, sessionCookie, SESSION_COOKIE } from './admin-sessions.js';
import type { AuthenticatedRequest } from './api-key.guard.js';
import { ApiKeyMatcher } from './api-key.matcher.js';
import { AdminApi, Public } from './auth.decorators.js';
import { AdminSessionResponseDto, SignInRequestDto } from './dto/admin-session.dto.js';

export interface AdminSessionView {
  keyId: string;
  role: 'viewer' | 'operator';
  csrfToken: string | null;
  expiresAt: string | null;
  refundApprovalThreshold: number;
}

/**
 * The admin console's sign-in: an admin key is exchanged for a session cookie, so the page
 * never keeps the key (not in web storage, not in a script variable after sign-in).
 */
@ApiTags('admin')
@Controller('admin/v1/session')
export class AdminSessionController {
  private readonly keys: ApiKeyMatcher;

  constructor(
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
    private readonly sessions: AdminSessions,
  ) {
    this.keys = new ApiKeyMatcher(config.auth.adminKeys);
  }

  @Post()
  @Public()
  @ApiOperation({
    summary:
      'Sign in to the admin console: an admin key for an HttpOnly, SameSite=Strict session cookie (Secure over HTTPS) that expires after ADMIN_SESSION_TTL_SECONDS.',
  })
  @ApiCreatedResponse({
    type: AdminSessionResponseDto,
    headers: locationHeader('/admin/v1/session'),
  })
  @ApiErrors({
    400: ['VALIDATION_FAILED', 'MALFORMED_JSON', 'BODY_TOO_DEEP'],
    401: { codes: ['API_KEY_INVALID'], description: 'not an admin key.' },
    415: ['UNSUPPORTED_MEDIA_TYPE'],
  })
  async signIn(
    @Body() body: SignInRequestDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AdminSessionView> {
    const keyId = this.keys.match(body.key);
    if (keyId === null) {
      throw new DomainError(
        'unauthorized',
        'API_KEY_INVALID',
        'That is not an admin key (revoked, mistyped, a service key, or from another environment).',
      );
    }
    const { token, session } = await this.sessions.start(keyId);
    void reply
      .header('set-cookie', sessionCookie(token, this.sessions.ttlSeconds, this.secure(req)))
      .header('cache-control', 'no-store')
      .header('location', '/admin/v1/session');
    return this.view(session.keyId, session.role, session.csrfToken, session.expiresAt);
  }

  @Get()
  @AdminApi()
  @ApiBearerAuth('apiKey')
  @ApiAdminKeyErrors()
  @ApiOperation({ summary: 'Who is signed in, the role, and the CSRF token of the session.' })
  @ApiOkResponse({ type: AdminSessionResponseDto })
  async current(
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AdminSessionView> {
    void reply.header('cache-control', 'no-store');
    const session = req.sessionToken ? await this.sessions.find(req.sessionToken) : null;
    return this.view(
      req.principal!.keyId,
      req.adminRole!,
      session?.csrfToken ?? null,
      session?.expiresAt ?? null,
    );
  }

  @Delete()
  @HttpCode(204)
  @AdminApi()
  @ApiBearerAuth('apiKey')
  @ApiAdminKeyErrors()
  @ApiOperation({ summary: 'Sign out: ends the session on every replica and clears the cookie.' })
  @ApiOkResponse({ description: 'Signed out (no body).', schema: { type: 'string', example: '' } })
  async signOut(
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    if (req.sessionToken) await this.sessions.end(req.sessionToken);
    void reply.header('set-cookie', sessionCookie('', 0, this.secure(req)));
  }

  private secure(req: AuthenticatedRequest): boolean {
    return (
      this.config.http.publicUrl?.startsWith('https:') === true ||
      req.headers['x-forwarded-proto'] === 'https'
    );
  }

  private view(
    keyId: string,
    role: AdminSessionView['role'],
    csrfToken: string | null,
    expiresAt: Date | null,
  ): AdminSessionView {
    return {
      keyId,
      role,
      csrfToken,
      expiresAt: expiresAt?.toISOString() ?? null,
      refundApprovalThreshold: this.config.refunds.approvalThresholdMinor,
    };
  }
}

export { SESSION_COOKIE };
