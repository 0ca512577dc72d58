import { Module } from '@nestjs/common';
import { WebhookOutbox } from './webhook-outbox.js';

/** Us -> the shop backend: transactional outbox and signed delivery (Standard Webhooks). */
@Module({ providers: [WebhookOutbox], exports: [WebhookOutbox] })
export class WebhooksModule {}
