import { Module } from '@nestjs/common';
import { AdminWebhooksController } from './admin-webhooks.controller.js';
import { WebhookDeliveryStore } from './webhook-delivery.store.js';
import { WebhookDeliveryViews } from './webhook-delivery.views.js';
import { WebhookDispatchSchedule } from './webhook-dispatch.schedule.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { WebhookOutbox } from './webhook-outbox.js';
import { WebhookTransport } from './webhook-transport.js';

/** Us -> the shop backend: transactional outbox and signed delivery (Standard Webhooks). */
@Module({
  controllers: [AdminWebhooksController],
  providers: [
    WebhookOutbox,
    WebhookDeliveryStore,
    WebhookTransport,
    WebhookDispatcher,
    WebhookDispatchSchedule,
    WebhookDeliveryViews,
  ],
  exports: [WebhookOutbox, WebhookDispatcher, WebhookDeliveryViews],
})
export class WebhooksModule {}
