// DOKU's answer to qr-mpm-refund -> what happened to our refund. Pure. Only an answer DOKU
// stands behind settles a refund: `unknown` (the request may have been processed) and every
// answer that does not say yes or no keeps it open, to be asked again with the same
// partnerRefundNo. It is never read as "failed": that would free an amount already paid out.
import type { QrRefund, SnapOutcome } from '#doku-snap';

export type RefundVerdict =
  | { status: 'SUCCEEDED'; dokuRefundNo: string | null; refundedAt: Date | null }
  | { status: 'FAILED'; code: string; message: string }
  | {
      status: 'UNKNOWN';
      /** `kind:reason`, for operators. */
      outcome: string;
      message: string;
      /** Send the next attempt under a new X-EXTERNAL-ID (DOKU refused to reuse this one). */
      newExternalId: boolean;
    };

export function refundVerdict(
  outcome: SnapOutcome<QrRefund>,
  expected: { amount: number },
): RefundVerdict {
  switch (outcome.kind) {
    case 'success': {
      const r = outcome.value;
      if (r.refundAmount.minor !== expected.amount) {
        // DOKU confirms a refund of another amount under our number: a person must look.
        return {
          status: 'UNKNOWN',
          outcome: 'success:amount_mismatch',
          message: `DOKU confirmed ${r.refundAmount.minor} for a refund of ${expected.amount}`,
          newExternalId: false,
        };
      }
      return { status: 'SUCCEEDED', dokuRefundNo: r.refundNo, refundedAt: r.refundedAt };
    }
    case 'declined':
    case 'not_found':
      // A business answer: DOKU did not move the money (not refundable, not found, ...).
      return {
        status: 'FAILED',
        code: `DOKU_${outcome.responseCode ?? outcome.reason.toUpperCase()}`,
        message: outcome.responseMessage ?? outcome.reason,
      };
    case 'auth_failed':
      // DOKU refused to authenticate the call: nothing was processed.
      return {
        status: 'FAILED',
        code: 'GATEWAY_AUTH_FAILED',
        message: `DOKU refused our credentials (${outcome.reason}${outcome.responseCode ? `, ${outcome.responseCode}` : ''})`,
      };
    case 'duplicate':
      return {
        status: 'UNKNOWN',
        outcome: `duplicate:${outcome.reason}`,
        message: outcome.responseMessage ?? 'DOKU answered with a conflict',
        // The same X-EXTERNAL-ID is still being processed or cannot be reused: the next
        // attempt gets a new one; partnerRefundNo still makes it the same refund.
        newExternalId: outcome.reason === 'external_id',
      };
    case 'retryable':
      return {
        status: 'UNKNOWN',
        outcome: `retryable:${outcome.reason}`,
        message: outcome.responseMessage ?? 'DOKU was unavailable',
        newExternalId: false,
      };
    case 'unknown':
      return {
        status: 'UNKNOWN',
        outcome: `unknown:${outcome.reason}`,
        message: 'No trustworthy answer from DOKU (the refund may have been made)',
        newExternalId: false,
      };
  }
}

/** Waits between attempts for a refund whose outcome is unknown; capped at 10 minutes. */
const RETRY_DELAYS_MS = [2_000, 5_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000];

/** Delay before the next attempt after `attempts` calls so far (1 = the first call). */
export function refundRetryDelayMs(attempts: number): number {
  const i = Math.min(Math.max(attempts, 1), RETRY_DELAYS_MS.length) - 1;
  return RETRY_DELAYS_MS[i];
}
