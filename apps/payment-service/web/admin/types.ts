// The shapes of the admin API answers the console reads: the types generated from the API
// document (libs/client/src/schema.ts, `npm run openapi`), so the console cannot drift from
// what the service serves. Type-only: nothing of it reaches the browser.
import type { components } from '../../../../libs/client/src/schema.js';

type Schemas = components['schemas'];

export type Session = Schemas['AdminSession'];
export type Order = Schemas['Order'];
export type Refund = Schemas['Refund'];
export type Approval = Schemas['RefundApproval'];
export type OrderEvent = Schemas['OrderEvent'];
export type Delivery = Schemas['WebhookDelivery'];
export type AdminOrder = Schemas['AdminOrder'];
