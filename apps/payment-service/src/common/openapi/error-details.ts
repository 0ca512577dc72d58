import type { ERROR_EXAMPLES, ErrorCode } from './api-errors.js';
import type { JsonSchema } from './validation-rules.js';

// The schema of `details` for each error code that carries them, so a generated client
// types `error.details` per `code`. A code whose catalogue example has details and that is
// missing here does not compile; redocly lint checks every example against these.

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const str = { type: 'string' };
const int = { type: 'integer' };

/** An object with these properties, the `required` ones always present. */
function object(properties: Record<string, JsonSchema>, required: string[] = []): JsonSchema {
  return { type: 'object', properties, ...(required.length ? { required } : {}) };
}

const order = () => object({ order: ref('Order'), dokuOutcome: str });
const gatewayFailure = object({ order: ref('Order') }, ['order']);
const payment = object({ payment: ref('QrisPayment') }, ['payment']);
const status = object({ status: ref('OrderStatus') });
const bound = object({ field: str, max: int }, ['field', 'max']);
const dokuResponseCode = object({ dokuResponseCode: str }, ['dokuResponseCode']);

type CodesWithDetails = {
  [C in ErrorCode]: (typeof ERROR_EXAMPLES)[C] extends { details: unknown } ? C : never;
}[ErrorCode];

export const ERROR_DETAILS = {
  VALIDATION_FAILED: {
    type: 'array',
    description: 'One entry per refused field.',
    items: object({ field: str, problems: { type: 'array', items: str } }, ['field', 'problems']),
  },
  BODY_TOO_DEEP: object({ maxDepth: int }, ['maxDepth']),
  REQUEST_IN_PROGRESS: {
    ...object({ order: ref('Order'), refund: ref('Refund'), payment: ref('QrisPayment') }),
    description: 'What exists so far: the order, the refund or the payment being made.',
  },
  AMOUNT_TOO_LARGE: bound,
  EXPIRY_TOO_LONG: bound,
  ORDER_NOT_CANCELLABLE: status,
  CANCEL_REFUSED: dokuResponseCode,
  QR_NOT_AVAILABLE: status,
  GATEWAY_DECLINED: gatewayFailure,
  GATEWAY_UNAVAILABLE: {
    ...object({ order: ref('Order'), payment: ref('QrisPayment'), dokuOutcome: str }),
    description:
      'On an order create, the order (still CREATING); on a payment, the FAILED payment; how DOKU failed.',
  },
  GATEWAY_TIMEOUT: {
    ...order(),
    description: 'On a create, the order (still CREATING) and how DOKU failed.',
  },
  GATEWAY_OUTCOME_UNKNOWN: gatewayFailure,
  GATEWAY_INVALID_QR: gatewayFailure,
  GATEWAY_AUTH_FAILED: {
    ...object({ order: ref('Order'), payment: ref('QrisPayment') }),
    description: 'The FAILED order, or the FAILED payment.',
  },
  ORDER_NOT_REFUNDABLE: status,
  REFUND_EXCEEDS_PAID_AMOUNT: object(
    {
      requested: int,
      paidAmount: int,
      refundedAmount: int,
      inFlightAmount: int,
      refundableAmount: int,
    },
    ['requested', 'paidAmount', 'refundedAmount', 'inFlightAmount', 'refundableAmount'],
  ),
  REFUND_DECLINED: object({ refund: ref('Refund') }, ['refund']),
  REFUND_APPROVAL_REQUIRED: object({ threshold: int }, ['threshold']),
  REFUND_APPROVAL_DECIDED: object(
    { status: { type: 'string', enum: ['AWAITING_APPROVAL', 'APPROVED', 'REJECTED', 'REFUSED'] } },
    ['status'],
  ),
  WEBHOOK_DELIVERY_PENDING: object({ pendingDeliveryId: str }, ['pendingDeliveryId']),
  QR_INVALID: object({ problems: { type: 'array', items: ref('QrisProblem') } }, ['problems']),
  CUSTOMER_AUTH_FAILED: dokuResponseCode,
  CUSTOMER_TOKEN_INVALID: payment,
  CUSTOMER_TOKEN_UNAVAILABLE: payment,
  PAYMENT_DECLINED: payment,
  PAYMENT_OUTCOME_UNKNOWN: payment,
} satisfies Record<CodesWithDetails, JsonSchema>;

/** `ORDER_NOT_FOUND` -> `OrderNotFoundError`, the component schema of that error. */
export function errorSchemaName(code: string): string {
  return `${code.toLowerCase().replace(/(^|_)([a-z0-9])/g, (_, _sep, c: string) => c.toUpperCase())}Error`;
}

/** The component schema of one error code: the Error body with this `code` and its details. */
export function errorSchema(code: ErrorCode, message: string): JsonSchema {
  const details = (ERROR_DETAILS as Partial<Record<ErrorCode, JsonSchema>>)[code];
  return {
    description: message,
    allOf: [
      ref('Error'),
      {
        type: 'object',
        properties: {
          code: { const: code },
          ...(details ? { details } : {}),
        },
      },
    ],
  };
}

/** A response's body: one of the errors of `codes`, told apart by `code`. */
export function errorsSchema(codes: readonly ErrorCode[]): JsonSchema {
  const unique = [...new Set(codes)];
  const mapping = Object.fromEntries(
    unique.map((c) => [c, `#/components/schemas/${errorSchemaName(c)}`]),
  );
  return {
    oneOf: unique.map((c) => ({ $ref: mapping[c] })),
    discriminator: { propertyName: 'code', mapping },
  };
}
