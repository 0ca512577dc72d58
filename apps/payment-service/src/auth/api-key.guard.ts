import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG, type AdminRole, type ServiceConfig } from '../config/app-config.js';
import { DomainError } from '../common/domain-error.js';
import {
  AdminSessions,
  cookieValue,
  CSRF_HEADER,
  csrfMatches,
  SESSION_COOKIE,
} from './admin-sessions.js';
import { ApiKeyMatcher, bearerToken } from './api-key.matcher.js';
import { ADMIN_ROLE, AUDIENCE, type Audience, type Principal } from './auth.decorators.js';

export type AuthenticatedRequest = FastifyRequest & {
  principal?: Principal;
  /** An admin's role (ADMIN_KEY_ROLES); set on admin routes. */
  adminRole?: AdminRole;
  /** Set when the admin came with a console session cookie rather than a bearer key. */
  sessionToken?: string;
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global guard: service key for shop routes, admin key (or an admin console session) for
 * admin routes, 401/403 otherwise; the `operator` role for admin routes marked OperatorOnly.
 * A session's state-changing call must carry its CSRF token in X-CSRF-Token.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly service: ApiKeyMatcher;
  private readonly admin: ApiKeyMatcher;

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) config: ServiceConfig,
    private readonly sessions: AdminSessions,
  ) {
    this.service = new ApiKeyMatcher(config.auth.serviceKeys);
    this.admin = new ApiKeyMatcher(config.auth.adminKeys);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const audience = this.reflector.getAllAndOverride<Audience>(AUDIENCE, targets) ?? 'service';
    if (audience === 'public') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = bearerToken(request.headers.authorization);
    const sessionToken =
      !key && audience === 'admin' ? cookieValue(request.headers.cookie, SESSION_COOKIE) : null;
    if (sessionToken) {
      await this.admitSession(request, sessionToken);
    } else {
      this.admitKey(request, key, audience);
    }
    const required = this.reflector.getAllAndOverride<AdminRole>(ADMIN_ROLE, targets);
    if (required === 'operator' && request.adminRole !== 'operator') {
      throw new DomainError(
        'forbidden',
        'OPERATOR_ROLE_REQUIRED',
        `This action needs the operator role; ${request.principal!.keyId} is a ${request.adminRole}. Ask an operator, or an administrator to change ADMIN_KEY_ROLES.`,
      );
    }
    return true;
  }

  private async admitSession(request: AuthenticatedRequest, token: string): Promise<void> {
    const session = await this.sessions.find(token);
    if (!session) {
      throw new DomainError(
        'unauthorized',
        'SESSION_INVALID',
        'Your session has expired or was signed out. Sign in again with your admin key.',
      );
    }
    // SameSite=Strict already keeps other sites' pages from sending the cookie; the
    // synchronizer token also stops a same-site page or an old browser.
    if (
      !SAFE_METHODS.has(request.method) &&
      !csrfMatches(request.headers[CSRF_HEADER], session.csrfToken)
    ) {
      throw new DomainError(
        'forbidden',
        'CSRF_TOKEN_INVALID',
        'This change must carry the session’s X-CSRF-Token header (reload the console).',
      );
    }
    request.principal = { audience: 'admin', keyId: session.keyId };
    request.adminRole = session.role;
    request.sessionToken = token;
  }

  private admitKey(request: AuthenticatedRequest, key: string | null, audience: Audience): void {
    if (!key) {
      throw new DomainError(
        'unauthorized',
        'API_KEY_MISSING',
        'Send your API key as `Authorization: Bearer <key>`.',
        undefined,
        { 'WWW-Authenticate': 'Bearer' },
      );
    }
    const adminId = this.admin.match(key);
    const serviceId = this.service.match(key);
    if (adminId === null && serviceId === null) {
      throw new DomainError(
        'unauthorized',
        'API_KEY_INVALID',
        'The API key is not valid (revoked, mistyped, or from another environment).',
        undefined,
        { 'WWW-Authenticate': 'Bearer' },
      );
    }
    if (audience === 'admin' && adminId === null) {
      throw new DomainError(
        'forbidden',
        'ADMIN_KEY_REQUIRED',
        'This route needs an admin API key; a service key cannot call it.',
      );
    }
    if (audience === 'service' && serviceId === null) {
      throw new DomainError(
        'forbidden',
        'SERVICE_KEY_REQUIRED',
        'This route is for shop backends and needs a service API key.',
      );
    }
    if (audience === 'admin') {
      request.principal = { audience, keyId: adminId! };
      request.adminRole = this.sessions.roleOf(adminId!) ?? 'viewer';
    } else {
      request.principal = { audience: 'service', keyId: serviceId! };
    }
  }
}
