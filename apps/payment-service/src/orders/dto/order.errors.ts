import type { ApiErrors } from '../../common/openapi/api-errors.js';

const CANCEL_UNCONFIRMED =
  'DOKU did not confirm the cancel; the order is unchanged. Retry the cancel.';

/** What a cancel can answer besides the order (the shop's and the admin's cancel alike). */
export const CANCEL_ERRORS = {
  400: ['INVALID_ORDER_ID'],
  404: ['ORDER_NOT_FOUND'],
  409: {
    codes: ['ORDER_NOT_CANCELLABLE', 'CANCEL_REFUSED'],
    description:
      'not PENDING (details.status), or DOKU refused to cancel the QR, usually because the customer just paid: the order is re-checked at once.',
  },
  502: {
    codes: [{ code: 'GATEWAY_UNAVAILABLE', message: CANCEL_UNCONFIRMED }],
    description: 'DOKU is down; the order is unchanged. Retry the cancel.',
  },
  504: {
    codes: [
      {
        code: 'GATEWAY_TIMEOUT',
        message: CANCEL_UNCONFIRMED,
        details: { dokuOutcome: 'unknown' },
      },
    ],
    description: 'DOKU did not answer in time; the order is unchanged. Retry the cancel.',
  },
} as const satisfies Parameters<typeof ApiErrors>[0];
