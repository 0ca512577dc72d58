import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AdminSessionController } from './admin-session.controller.js';
import { AdminSessions } from './admin-sessions.js';
import { ApiKeyGuard } from './api-key.guard.js';
import { WhoAmIController } from './whoami.controller.js';

@Module({
  controllers: [WhoAmIController, AdminSessionController],
  providers: [AdminSessions, { provide: APP_GUARD, useClass: ApiKeyGuard }],
  exports: [AdminSessions],
})
export class AuthModule {}
