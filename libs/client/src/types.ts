// Types derived from the generated schema (schema.ts): what each operation answers on
// success, and the union of its error bodies, discriminated by `code`.
import type { components, operations } from './schema.js';

export type OperationId = keyof operations;
type Responses<K extends OperationId> = operations[K]['responses'];
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;

/** The JSON body of a 2xx answer of operation K. */
export type SuccessBody<K extends OperationId> = {
  [S in keyof Responses<K>]: S extends 200 | 201 | 202 ? JsonOf<Responses<K>[S]> : never;
}[keyof Responses<K>];

/** What every error body has. */
export interface AnyErrorBody {
  code: string;
  message: string;
  requestId: string;
  details?: unknown;
}

/** Every error body operation K documents: `{ code, message, details?, requestId }`, one per code. */
export type ErrorBody<K extends OperationId> = K extends OperationId // one operation at a time
  ? Extract<ErrorBodies<K>, AnyErrorBody>
  : never;

type ErrorBodies<K extends OperationId> = {
  [S in keyof Responses<K>]: S extends number
    ? `${S}` extends `4${string}` | `5${string}`
      ? JsonOf<Responses<K>[S]>
      : never
    : never;
}[keyof Responses<K>];

/** The error codes operation K can answer. */
export type ErrorCode<K extends OperationId> = ErrorBody<K>['code'];

export type Schemas = components['schemas'];
export type Order = Schemas['Order'];
export type OrderList = Schemas['OrderList'];
export type OrderEvent = Schemas['OrderEvent'];
export type Refund = Schemas['Refund'];
export type RefundList = Schemas['RefundList'];
export type OrderStatus = Schemas['OrderStatus'];
export type CreateOrderRequest = Schemas['CreateOrderRequest'];
export type CreateRefundRequest = Schemas['CreateRefundRequest'];
export type ListOrdersQuery = NonNullable<operations['listOrders']['parameters']['query']>;
export type AdminOrder = Schemas['AdminOrder'];
export type AdminListOrdersQuery = NonNullable<
  operations['adminListOrders']['parameters']['query']
>;
export type AdminCancelOrderRequest = Schemas['AdminCancelOrderRequest'];
export type ReconcileNow = Schemas['ReconcileNow'];
export type ResendWebhookRequest = Schemas['ResendWebhookRequest'];
export type WebhookResend = Schemas['WebhookResend'];
export type QrisPayment = Schemas['QrisPayment'];
export type QrisPaymentWithEvents = Schemas['QrisPaymentWithEvents'];
export type CreateQrisPaymentRequest = Schemas['CreateQrisPaymentRequest'];
export type CustomerToken = Schemas['CustomerToken'];
export type CreateCustomerTokenRequest = Schemas['CreateCustomerTokenRequest'];
export type QrisDecode = Schemas['QrisDecode'];
export type DecodeQrisRequest = Schemas['DecodeQrisRequest'];
export type WebhookEvent = Schemas['WebhookEvent'];
export type WebhookEventType = Schemas['WebhookEventType'];
