// Rules of a QRIS payment for another service, as pure functions: which amount is paid,
// and what DOKU's qr-mpm-payment answer means for our record of it.
import type { QrPayment, SnapOutcome } from '#doku-snap';
import type { Qris } from '#qris';

export type PaymentAmount =
  | { ok: true; amount: number }
  | {
      ok: false;
      code: 'AMOUNT_REQUIRED' | 'AMOUNT_MISMATCH' | 'QR_CURRENCY_UNSUPPORTED';
      message: string;
    };

/** A dynamic QR fixes the amount (a different one is refused); a static QR needs one. */
export function paymentAmount(qris: Qris, requested: number | undefined): PaymentAmount {
  if (qris.currency !== '360') {
    return {
      ok: false,
      code: 'QR_CURRENCY_UNSUPPORTED',
      message: `The QR is in currency ${qris.currency || '(none)'}; QRIS payments here are in IDR (360) only.`,
    };
  }
  const fixed = qris.amount?.minor;
  if (fixed !== undefined) {
    if (requested !== undefined && requested !== fixed) {
      return {
        ok: false,
        code: 'AMOUNT_MISMATCH',
        message: `The QR fixes the amount at ${fixed} minor units; send amount ${fixed} or leave it out (you sent ${requested}).`,
      };
    }
    return { ok: true, amount: fixed };
  }
  if (requested === undefined) {
    return {
      ok: false,
      code: 'AMOUNT_REQUIRED',
      message:
        'The QR is static (it carries no amount): send amount in minor units, e.g. 1500000 for Rp 15,000.',
    };
  }
  return { ok: true, amount: requested };
}

export type PaymentVerdict =
  | {
      status: 'SUCCEEDED';
      referenceNo: string | null;
      approvalCode: string | null;
      feeAmount: number | null;
    }
  | { status: 'FAILED'; code: string; message: string }
  | { status: 'UNKNOWN'; outcome: string };

/**
 * DOKU's answer -> our record. Only a definite "no" (or a request that provably never left)
 * is FAILED; anything that may have charged the customer without telling us is UNKNOWN.
 */
export function paymentVerdict(outcome: SnapOutcome<QrPayment>): PaymentVerdict {
  switch (outcome.kind) {
    case 'success':
      return {
        status: 'SUCCEEDED',
        referenceNo: outcome.value.referenceNo,
        approvalCode: outcome.value.approvalCode,
        feeAmount: outcome.value.feeAmount?.minor ?? null,
      };
    case 'declined':
    case 'not_found':
      return {
        status: 'FAILED',
        code: `DOKU_${outcome.responseCode ?? outcome.reason.toUpperCase()}`,
        message: outcome.responseMessage ?? outcome.reason,
      };
    case 'auth_failed':
      return outcome.reason === 'invalid_customer_token' ||
        outcome.reason === 'customer_token_not_found'
        ? {
            status: 'FAILED',
            code: 'CUSTOMER_TOKEN_INVALID',
            message: outcome.responseMessage ?? 'Invalid Customer Token',
          }
        : {
            status: 'FAILED',
            code: 'GATEWAY_AUTH_FAILED',
            message: `DOKU refused our credentials (${outcome.reason})`,
          };
    case 'retryable':
      // Never sent (no connection, no B2B token): nobody was charged.
      if (outcome.reason === 'connection_failed' || outcome.reason === 'token_unavailable')
        return {
          status: 'FAILED',
          code: 'GATEWAY_UNAVAILABLE',
          message: `DOKU could not be reached (${outcome.reason}); the payment was not sent`,
        };
      return { status: 'UNKNOWN', outcome: `retryable:${outcome.reason}` };
    case 'duplicate':
    case 'unknown':
      return { status: 'UNKNOWN', outcome: `${outcome.kind}:${outcome.reason}` };
  }
}
