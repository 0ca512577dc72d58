// @qris-payment/client: a typed client of the QRIS payment service (README.md).
export { PaymentClient, type CreateOptions, type PaymentClientOptions } from './client.js';
export { PaymentApiError, PaymentNetworkError } from './errors.js';
export { Webhooks, type WebhookHeaders } from './webhooks.js';
export type * from './types.js';
export type { components, operations, paths, webhooks } from './schema.js';
