// The one rule for every SNAP operation that moves money or creates state at DOKU
// (generate, refund, payment, cancel): once an attempt's outcome is unknown -- DOKU may have
// acted on it (a timeout or a broken connection after sending, a garbled answer, a 5xx after
// sending, a conflict with an earlier request) -- only an answer about *that* operation may
// settle it: DOKU's success, or DOKU's replay of its first answer (HTTP 409 carrying the
// first response). A 401, 429, 5xx, a transport failure or a fresh refusal that comes after
// an unknown says nothing about what the first attempt did: the operation stays unknown and
// is asked again later (or resolved by a query). Pure; used by the client across its own
// retries and by the service across its attempts.
import type { SnapOutcome } from './outcome.js';
import type { SnapOperation } from './paths.js';

/** Operations whose request may move money or create state at DOKU. */
export const ACTING_OPERATIONS: readonly SnapOperation[] = [
  'generate',
  'refund',
  'payment',
  'cancel',
];

export function isActingOperation(operation: SnapOperation): boolean {
  return ACTING_OPERATIONS.includes(operation);
}

/** 5xx answers: the request was sent and DOKU may have processed it before failing. */
const SENT_AND_FAILED = new Set([
  'server_error',
  'bad_gateway',
  'service_unavailable',
  'gateway_timeout',
]);

/**
 * Whether, after this outcome, DOKU may have acted on the request without telling us:
 * an `unknown`, a conflict with an earlier request, or a 5xx after sending. A 429, a
 * connection that never opened and a token that could not be had mean nothing was processed.
 */
export function mayHaveActed(outcome: SnapOutcome<unknown>): boolean {
  switch (outcome.kind) {
    case 'unknown':
    case 'duplicate':
      return true;
    case 'retryable':
      return SENT_AND_FAILED.has(outcome.reason);
    case 'success':
    case 'declined':
    case 'not_found':
    case 'auth_failed':
      return false;
  }
}

/**
 * Whether an answer settles an operation an earlier attempt of which may have been acted
 * on: DOKU's success, or DOKU's replay of its first answer to the same request.
 */
export function settlesAfterUnknown(outcome: SnapOutcome<unknown>): boolean {
  if (outcome.kind === 'success') return true;
  return (outcome.kind === 'declined' || outcome.kind === 'not_found') && outcome.replayed;
}

/**
 * The outcome to act on, given whether an earlier attempt of the same operation may have
 * been acted on: then any answer that does not settle it becomes `unknown` (`after_unknown`,
 * with what DOKU said in `detail`); a `duplicate` or an `unknown` is kept as it is.
 */
export function afterUnknown<T>(
  outcome: SnapOutcome<T>,
  earlierMayHaveActed: boolean,
): SnapOutcome<T> {
  if (!earlierMayHaveActed || settlesAfterUnknown(outcome)) return outcome;
  if (outcome.kind === 'unknown' || outcome.kind === 'duplicate' || outcome.kind === 'success')
    return outcome;
  return {
    operation: outcome.operation,
    externalId: outcome.externalId,
    attempts: outcome.attempts,
    httpStatus: outcome.httpStatus,
    responseCode: outcome.responseCode,
    responseMessage: outcome.responseMessage,
    replayed: outcome.replayed,
    kind: 'unknown',
    reason: 'after_unknown',
    detail: `${outcome.kind}:${outcome.reason}${outcome.responseCode ? ` ${outcome.responseCode}` : ''}`,
  };
}
