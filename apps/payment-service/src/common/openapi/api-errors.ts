import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../dto/error.response.dto.js';
import { errorsSchema } from './error-details.js';
import { replayedHeader } from './created-headers.js';
import { bodyTooDeepMessage, MAX_BODY_DEPTH } from '../validation/body-depth.js';
import {
  EXAMPLE_CREATING_ORDER,
  EXAMPLE_PAYMENT,
  EXAMPLE_REFUND,
  exampleFailedOrder,
  exampleFailedPayment,
} from './example-views.js';
import {
  EXAMPLE_DELIVERY_ID,
  EXAMPLE_ORDER_ID,
  EXAMPLE_PAYMENT_ID,
  EXAMPLE_REFUND_ID,
  EXAMPLE_REQUEST_ID,
} from './examples.js';

interface ErrorExample {
  message: string;
  details?: unknown;
}

/**
 * Every error code a route documents, with a message (and details) as the service writes
 * them, for the examples in /docs. A route lists the codes it can answer with `ApiErrors`;
 * a code missing here does not compile there.
 */
export const ERROR_EXAMPLES = {
  // Any request
  VALIDATION_FAILED: {
    message:
      'The request is invalid. amount: amount must be an integer number of minor units (sen), e.g. 1000000 for Rp 10,000',
    details: [
      {
        field: 'amount',
        problems: [
          'amount must be an integer number of minor units (sen), e.g. 1000000 for Rp 10,000',
        ],
      },
    ],
  },
  MALFORMED_JSON: { message: 'The body is not valid JSON.' },
  BODY_TOO_DEEP: { message: bodyTooDeepMessage(), details: { maxDepth: MAX_BODY_DEPTH } },
  UNSUPPORTED_MEDIA_TYPE: {
    message: 'Send the body as application/json (got text/plain).',
  },
  INVALID_CURSOR: {
    message:
      'The cursor is not one this API returned (it was changed or truncated). Start again without a cursor.',
  },
  INVALID_DATE_RANGE: {
    message: 'to (2026-03-01) is before from (2026-03-31): give the first day, then the last.',
  },
  // API keys
  API_KEY_MISSING: { message: 'Send your API key as `Authorization: Bearer <key>`.' },
  API_KEY_INVALID: {
    message: 'The API key is not valid (revoked, mistyped, or from another environment).',
  },
  SERVICE_KEY_REQUIRED: {
    message: 'This route is for shop backends and needs a service API key.',
  },
  ADMIN_KEY_REQUIRED: {
    message: 'This route needs an admin API key; a service key cannot call it.',
  },
  REFUND_APPROVAL_REQUIRED: {
    message:
      'Refunds above 5000000 minor units need a second operator: ask for one with POST /admin/v1/orders/ord_…/refund-approvals, and another operator approves it.',
    details: { threshold: 5000000 },
  },
  REFUND_APPROVAL_NOT_FOUND: { message: 'No refund approval apr_5t1p8w3m6k0q9x2c7v4b1n8z.' },
  REFUND_APPROVAL_DECIDED: {
    message: 'Refund approval apr_5t1p8w3m6k0q9x2c7v4b1n8z was already APPROVED by carol.',
    details: { status: 'APPROVED' },
  },
  APPROVER_MUST_DIFFER: {
    message: 'alice asked for this refund; a second operator must approve it (maker-checker).',
  },
  SESSION_INVALID: {
    message: 'Your session has expired or was signed out. Sign in again with your admin key.',
  },
  CSRF_TOKEN_INVALID: {
    message: 'This change must carry the session’s X-CSRF-Token header (reload the console).',
  },
  OPERATOR_ROLE_REQUIRED: {
    message:
      'This action needs the operator role; bob is a viewer. Ask an operator, or an administrator to change ADMIN_KEY_ROLES.',
  },
  // Idempotency
  IDEMPOTENCY_KEY_MISSING: {
    message:
      'Send an Idempotency-Key header (for example a UUID) so that a retried request never creates a second order.',
  },
  IDEMPOTENCY_KEY_INVALID: {
    message: 'The Idempotency-Key must be 1 to 255 printable ASCII characters without spaces.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    message:
      'This Idempotency-Key was already used with a different request body. Use a new key for a new request, or resend exactly the first body.',
  },
  REQUEST_IN_PROGRESS: {
    message:
      'A request with this Idempotency-Key is still being processed; retry in a few seconds.',
    details: { order: EXAMPLE_CREATING_ORDER },
  },
  // Orders
  AMOUNT_TOO_LARGE: {
    message:
      'amount 2000000000 is above the maximum of 1000000000 minor units (the QRIS per-transaction limit unless configured otherwise).',
    details: { field: 'amount', max: 1000000000 },
  },
  EXPIRY_TOO_LONG: {
    message: 'expiresInSeconds must be at most 86400.',
    details: { field: 'expiresInSeconds', max: 86400 },
  },
  INVALID_ORDER_ID: {
    message:
      '"order-123" is not an order id (they look like ord_ followed by 24 letters and digits).',
  },
  ORDER_NOT_FOUND: { message: `No order ${EXAMPLE_ORDER_ID}.` },
  ORDER_NOT_CANCELLABLE: {
    message: `Only a PENDING order can be cancelled; ${EXAMPLE_ORDER_ID} is PAID.`,
    details: { status: 'PAID' },
  },
  CANCEL_REFUSED: {
    message:
      'DOKU refused to cancel the QR (4047701: Transaction Not Found); it may have been paid. The order will be re-checked now.',
    details: { dokuResponseCode: '4047701' },
  },
  QR_NOT_AVAILABLE: {
    message: `The QR of ${EXAMPLE_ORDER_ID} can only be shown while the order is PENDING; it is PAID.`,
    details: { status: 'PAID' },
  },
  // DOKU
  GATEWAY_DECLINED: {
    message:
      'DOKU declined to create the QR (DOKU_4034701: Feature Not Allowed). Nothing was charged; check the amount and try a new order.',
    details: { order: exampleFailedOrder('DOKU_4034701', 'Feature Not Allowed') },
  },
  GATEWAY_UNAVAILABLE: {
    message: 'DOKU is unavailable right now; retry shortly.',
    details: { dokuOutcome: 'retryable' },
  },
  GATEWAY_TIMEOUT: {
    message: `DOKU did not give a trustworthy answer in time; the order stays CREATING and will be resolved automatically within minutes. Watch GET /v1/orders/${EXAMPLE_ORDER_ID} or the order.failed webhook, then create a new order with a new Idempotency-Key.`,
    details: { order: EXAMPLE_CREATING_ORDER, dokuOutcome: 'unknown' },
  },
  GATEWAY_OUTCOME_UNKNOWN: {
    message:
      "The order failed on DOKU's side (GATEWAY_OUTCOME_UNKNOWN): DOKU never confirmed the QR. Nothing was charged; create a new order.",
    details: {
      order: exampleFailedOrder('GATEWAY_OUTCOME_UNKNOWN', 'DOKU never confirmed the QR'),
    },
  },
  GATEWAY_INVALID_QR: {
    message:
      "The order failed on DOKU's side (GATEWAY_INVALID_QR): amount in the QR is 1000000, expected 1500000. Nothing was charged; create a new order.",
    details: {
      order: exampleFailedOrder(
        'GATEWAY_INVALID_QR',
        'amount in the QR is 1000000, expected 1500000',
      ),
    },
  },
  GATEWAY_AUTH_FAILED: {
    message:
      "The order failed on DOKU's side (GATEWAY_AUTH_FAILED): Unauthorized. Signature Not Match. Nothing was charged; create a new order.",
    details: {
      order: exampleFailedOrder('GATEWAY_AUTH_FAILED', 'Unauthorized. Signature Not Match'),
    },
  },
  // Refunds
  INVALID_REFUND_AMOUNT: {
    message: 'amount must be a positive whole number of minor units (sen), got 1e+21.',
  },
  ORDER_NOT_REFUNDABLE: {
    message: `${EXAMPLE_ORDER_ID} is PENDING: nothing has been paid yet, so there is nothing to refund. Cancel it instead.`,
    details: { status: 'PENDING' },
  },
  REFUND_EXCEEDS_PAID_AMOUNT: {
    message: `A refund of 1200000 is more than the 1000000 still refundable on ${EXAMPLE_ORDER_ID} (paid 1500000, refunded 500000). Refund at most 1000000.`,
    details: {
      requested: 1200000,
      paidAmount: 1500000,
      refundedAmount: 500000,
      inFlightAmount: 0,
      refundableAmount: 1000000,
    },
  },
  INVALID_REFUND_ID: {
    message:
      '"refund-1" is not a refund id (they look like rfd_ followed by 24 letters and digits).',
  },
  REFUND_NOT_FOUND: { message: `No refund ${EXAMPLE_REFUND_ID} of order ${EXAMPLE_ORDER_ID}.` },
  REFUND_DECLINED: {
    message:
      'DOKU did not make the refund (DOKU_4037814: Insufficient Fund). No money moved and the amount is refundable again; check the order at DOKU before trying a new refund with a new Idempotency-Key.',
    details: {
      refund: {
        ...EXAMPLE_REFUND,
        status: 'FAILED',
        failure: { code: 'DOKU_4037814', message: 'Insufficient Fund' },
        doku: { partnerRefundNo: EXAMPLE_REFUND_ID, refundNo: null },
        refundedAt: null,
      },
    },
  },
  // Webhooks
  WEBHOOK_DELIVERY_ID_MALFORMED: {
    message: '"delivery-1" is not a webhook delivery id (whd_ followed by 24 characters).',
  },
  WEBHOOK_DELIVERY_NOT_FOUND: { message: `No webhook delivery ${EXAMPLE_DELIVERY_ID}.` },
  WEBHOOK_DELIVERY_PENDING: {
    message:
      'Event evt_k3v0q8s1m2h6t9b4c7d5e0fa is still being delivered (whd_7b2n5q8t1k4c9v0m3s6d2h5e); resend it once that delivery succeeded or was dead-lettered.',
    details: { pendingDeliveryId: 'whd_7b2n5q8t1k4c9v0m3s6d2h5e' },
  },
  WEBHOOK_URL_NOT_CONFIGURED: {
    message: 'No webhook URL is configured (WEBHOOK_URL), so there is nowhere to resend to.',
  },
  // QRIS operations
  QR_INVALID: {
    message:
      'This is not a readable QRIS: CRC is 0000, expected E81E (CRC.MISMATCH at offset 235).',
    details: {
      problems: [
        {
          code: 'CRC.MISMATCH',
          tag: '63',
          offset: 235,
          message: 'CRC is 0000, expected E81E',
          severity: 'error',
        },
      ],
    },
  },
  QR_CURRENCY_UNSUPPORTED: {
    message: 'The QR is in currency 840; QRIS payments here are in IDR (360) only.',
  },
  AMOUNT_REQUIRED: {
    message:
      'The QR is static (it carries no amount): send amount in minor units, e.g. 1500000 for Rp 15,000.',
  },
  AMOUNT_MISMATCH: {
    message:
      'The QR fixes the amount at 1500000 minor units; send amount 1500000 or leave it out (you sent 1000000).',
  },
  INVALID_PAYMENT_ID: {
    message:
      '"payment-1" is not a payment id (they look like qrp_ followed by 24 letters and digits).',
  },
  PAYMENT_NOT_FOUND: { message: `No payment ${EXAMPLE_PAYMENT_ID}.` },
  CUSTOMER_CREDENTIAL_REQUIRED: {
    message:
      "Send the customer's customerAccessToken (see POST /v1/qris/customer-tokens) or a one-time authCode.",
  },
  CUSTOMER_GRANT_REQUIRED: {
    message: 'Send exactly one of authCode (first time) or refreshToken (to renew a token).',
  },
  CUSTOMER_AUTH_FAILED: {
    message:
      "DOKU refused the authCode (4017401: Unauthorized. Invalid Authorization Code). Codes and refresh tokens are single use: start the customer's account binding again for a new authCode.",
    details: { dokuResponseCode: '4017401' },
  },
  CUSTOMER_TOKEN_INVALID: {
    message:
      "DOKU refused the customer's access token (Invalid Customer Token): it is expired, revoked or not the customer's. Get a new one (POST /v1/qris/customer-tokens with a refresh token or a new authCode) and pay with a new Idempotency-Key. Nothing was charged.",
    details: { payment: exampleFailedPayment('DOKU_4017300', 'Invalid Customer Token') },
  },
  CUSTOMER_TOKEN_UNAVAILABLE: {
    message:
      'DOKU did not issue a customer token (retryable:http_5xx). Nothing was charged; pay again with a new Idempotency-Key.',
    details: { payment: exampleFailedPayment('CUSTOMER_TOKEN_UNAVAILABLE', 'retryable:http_5xx') },
  },
  PAYMENT_DECLINED: {
    message: 'DOKU declined the payment (4035014: Insufficient Fund). Nothing was charged.',
    details: { payment: exampleFailedPayment('DOKU_4035014', 'Insufficient Fund') },
  },
  PAYMENT_OUTCOME_UNKNOWN: {
    message:
      'DOKU gave no trustworthy answer: the customer may or may not have been charged. Do not pay again with a new Idempotency-Key; repeat this request with the same key (and a valid customer token) to get DOKU’s answer.',
    details: {
      payment: { ...EXAMPLE_PAYMENT, status: 'UNKNOWN', approvalCode: null, completedAt: null },
    },
  },
  // Any route
  DATABASE_UNAVAILABLE: {
    message:
      'Our database is unreachable right now; retry in 5 seconds (with the same Idempotency-Key for a create: it never creates twice).',
  },
  SHUTTING_DOWN: {
    message:
      'This instance is shutting down; send the request again (another instance will take it).',
  },
} satisfies Record<string, ErrorExample>;

export type ErrorCode = keyof typeof ERROR_EXAMPLES;

/** A code as a route answers it, when its message or details differ from the catalogue's. */
export interface ErrorCase {
  code: ErrorCode;
  message?: string;
  details?: unknown;
}

type Cases = readonly (ErrorCode | ErrorCase)[];
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 415 | 422 | 502 | 503 | 504;

/** The error answers of one status: its codes, when they happen, and which can be replays. */
export interface ErrorsOfStatus {
  codes: Cases;
  description: string;
  /**
   * The codes of this status that an idempotent create stores as its final answer (or
   * answers again from the state it left): the same key and body get them again with
   * `Idempotent-Replayed: true`, which the response then documents.
   */
  replays?: readonly ErrorCode[];
}

/**
 * Documents a route's error answers: per status, the error schema and one named example per
 * code (`{ code, message, details?, requestId }`). A description says when it happens.
 *
 *   @ApiErrors({ 404: ['ORDER_NOT_FOUND'], 409: { codes: ['ORDER_NOT_CANCELLABLE'], description: '…' } })
 */
export function ApiErrors(
  spec: Partial<Record<ErrorStatus, Cases | ErrorsOfStatus>>,
): ClassDecorator & MethodDecorator {
  const responses = Object.entries(spec).map(([status, s]) => {
    const { codes, description, replays } = Array.isArray(s)
      ? { codes: s as Cases, description: undefined, replays: undefined }
      : (s as ErrorsOfStatus);
    const cases = codes.map((c) => (typeof c === 'string' ? { code: c } : c));
    const names = cases.map((c) => c.code).join(', ');
    const unknown = replays?.filter((r) => !cases.some((c) => c.code === r));
    if (unknown?.length)
      throw new Error(`ApiErrors ${status}: replays ${unknown.join(', ')} not among its codes`);
    return ApiResponse({
      status: Number(status),
      description: description ? `${names}: ${description}` : names,
      ...(replays?.length ? { headers: replayedHeader(replays) } : {}),
      content: {
        'application/json': {
          schema: errorsSchema(cases.map((c) => c.code)),
          examples: Object.fromEntries(
            cases.map((c) => {
              const base: ErrorExample = ERROR_EXAMPLES[c.code];
              const details = c.details ?? base.details;
              return [
                c.code,
                {
                  summary: c.code,
                  value: {
                    code: c.code,
                    message: c.message ?? base.message,
                    ...(details !== undefined ? { details } : {}),
                    requestId: EXAMPLE_REQUEST_ID,
                  },
                },
              ];
            }),
          ),
        },
      },
    });
  });
  return applyDecorators(ApiExtraModels(ErrorResponseDto), ...responses);
}

/** 401 and 403 of a route that needs a service (shop) key. */
export const ApiServiceKeyErrors = () =>
  ApiErrors({
    401: { codes: ['API_KEY_MISSING', 'API_KEY_INVALID'], description: 'no or an unknown key.' },
    403: { codes: ['SERVICE_KEY_REQUIRED'], description: 'an admin key on a shop route.' },
  });

/** The 403 codes of every admin route (a route adding its own 403 codes lists these too). */
export const ADMIN_FORBIDDEN_CODES = [
  'ADMIN_KEY_REQUIRED',
  'CSRF_TOKEN_INVALID',
  'OPERATOR_ROLE_REQUIRED',
] as const satisfies readonly ErrorCode[];
const ADMIN_FORBIDDEN_WHEN =
  "a service key on an admin route; a console session's change without its X-CSRF-Token; a viewer on an operator action";

/** 401 and 403 of a route that needs an admin key. */
export const ApiAdminKeyErrors = () =>
  ApiErrors({
    401: {
      codes: ['API_KEY_MISSING', 'API_KEY_INVALID', 'SESSION_INVALID'],
      description: 'no or an unknown key, or a console session that expired or was signed out.',
    },
    403: { codes: ADMIN_FORBIDDEN_CODES, description: `${ADMIN_FORBIDDEN_WHEN}.` },
  });

/** An admin route's 403 with codes of its own besides the admin ones. */
export const adminForbidden = (codes: readonly ErrorCode[], when: string) => ({
  codes: [...ADMIN_FORBIDDEN_CODES, ...codes],
  description: `${ADMIN_FORBIDDEN_WHEN}; ${when}`,
});
