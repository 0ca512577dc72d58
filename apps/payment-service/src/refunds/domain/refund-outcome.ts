// DOKU's answer to qr-mpm-refund -> what happened to our refund. Pure. Only an answer DOKU
// stands behind settles a refund: `unknown` (the request may have been processed) and every
// answer that does not say yes or no keeps it open, to be asked again with the same
// partnerRefundNo. It is never read as "failed": that would free an amount already paid out.
// Once an attempt may have been acted on, the caller passes DOKU's answer through
// `afterUnknown` (libs/doku-snap), so a later 401, 429, 5xx or fresh refusal arrives here as
// `unknown` and keeps the refund UNKNOWN.
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
        message:
          outcome.reason === 'after_unknown'
            ? `DOKU answered a retry with ${outcome.detail ?? 'an answer'} after an earlier answer was lost: the refund may have been made`
            : 'No trustworthy answer from DOKU (the refund may have been made)',
        newExternalId: false,
      };
  }
}

/**
 * Why a refund is UNKNOWN and what happens next, for finance staff, from its last outcome
 * (`kind:reason`). Never "no money moved": DOKU has not said so.
 */
export function unknownRefundExplanation(
  lastOutcome: string | null,
  mayHaveActed: boolean,
): string {
  const next =
    'Its amount stays reserved and DOKU is asked again with the same partnerRefundNo (DOKU never refunds twice under it) until DOKU answers; do not refund it again.';
  const [kind, reason] = (lastOutcome ?? '').split(':');
  if (kind === 'unknown' && reason === 'after_unknown')
    return `An earlier answer from DOKU was lost and DOKU's later answers (refused credentials, busy, errors) say nothing about it: the refund may have been made. ${next}`;
  if (kind === 'unknown' && (reason === 'timeout' || reason === 'connection_reset'))
    return `DOKU did not answer in time: the refund may have been made. ${next}`;
  if (kind === 'unknown')
    return `DOKU's answer could not be trusted (${reason ?? 'unreadable'}): the refund may have been made. ${next}`;
  if (kind === 'success' && reason === 'amount_mismatch')
    return `DOKU confirmed this refund for another amount: a person must compare it with DOKU's back office. ${next}`;
  if (kind === 'retryable')
    return mayHaveActed
      ? `DOKU was unavailable (${reason ?? 'error'}) after an earlier answer was lost: the refund may have been made. ${next}`
      : `DOKU was unavailable (${reason ?? 'error'}). ${next}`;
  if (kind === 'duplicate')
    return `DOKU reported a conflict with an earlier request (${reason ?? 'conflict'}): the refund may have been made. ${next}`;
  return `DOKU's answer is not known yet. ${next}`;
}

/** Waits between attempts for a refund whose outcome is unknown; capped at 10 minutes. */
const RETRY_DELAYS_MS = [2_000, 5_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000];

/** Delay before the next attempt after `attempts` calls so far (1 = the first call). */
export function refundRetryDelayMs(attempts: number): number {
  const i = Math.min(Math.max(attempts, 1), RETRY_DELAYS_MS.length) - 1;
  return RETRY_DELAYS_MS[i];
}
