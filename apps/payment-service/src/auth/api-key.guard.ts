import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG, type ServiceConfig } from '../config/app-config.js';
import { DomainError } from '../common/domain-error.js';
import { ApiKeyMatcher, bearerToken } from './api-key.matcher.js';
import { AUDIENCE, type Audience, type Principal } from './auth.decorators.js';

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

/** Global guard: service key for shop routes, admin key for admin routes, 401/403 otherwise. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly service: ApiKeyMatcher;
  private readonly admin: ApiKeyMatcher;

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) config: ServiceConfig,
  ) {
    this.service = new ApiKeyMatcher(config.auth.serviceKeys);
    this.admin = new ApiKeyMatcher(config.auth.adminKeys);
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const audience =
      this.reflector.getAllAndOverride<Audience>(AUDIENCE, [
        context.getHandler(),
        context.getClass(),
      ]) ?? 'service';
    if (audience === 'public') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = bearerToken(request.headers.authorization);
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
    request.principal =
      audience === 'admin' ? { audience, keyId: adminId! } : { audience, keyId: serviceId! };
    return true;
  }
}
