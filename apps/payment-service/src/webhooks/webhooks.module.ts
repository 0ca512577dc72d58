import { Module } from '@nestjs/common';

/** Us -> the shop backend: transactional outbox and signed delivery (Standard Webhooks). */
@Module({ providers: [], exports: [] })
export class WebhooksModule {}
