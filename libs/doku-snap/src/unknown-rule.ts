// The one rule for every SNAP operation that moves money or creates state at DOKU
// (generate, refund, payment, cancel): once an attempt's outcome is unknown -- DOKU may have
// acted on it (a timeout or a broken connection after sending, a garbled answer, a 5xx after
// sending, a conflict with an earlier request) -- only an answer about *that* operation may
// settle it: DOKU's success, or DOKU's replay of its first answer (HTTP 409 carrying the
// first response). A 401, 429, 5xx, a transport failure or a fresh refusal that comes after
// an unknown says nothing about what the first attempt did: the operation stays open (a 5xx
// or 429 is `retryable`, which never settles a money-moving operation; the answers that would
// read as "not done" become `unknown`) and is asked again later (or resolved by a query). Pure; used by the client across its own
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

/** `retryable` answers that say the request was never processed this time. */
const NOT_SENT = new Set(['connection_failed', 'token_unavailable']);

/**
 * Whether an answer reads as "DOKU did not do it" (a refusal, refused credentials, a request
 * that never left): the readings an earlier lost answer makes untrue. A 5xx or 429 is not
 * one (every caller already keeps the operation open on it, and may retry it).
 */
function readsAsNotDone(outcome: SnapOutcome<unknown>): boolean {
  switch (outcome.kind) {
    case 'declined':
    case 'not_found':
    case 'auth_failed':
      return true;
    case 'retryable':
      return NOT_SENT.has(outcome.reason);
    case 'success':
    case 'duplicate':
    case 'unknown':
      return false;
  }
}

/**
 * The outcome to act on, given whether an earlier attempt of the same operation may have
 * been acted on: then an answer that does not settle it but reads as "not done" (a fresh
 * refusal, a 401, a connection that never opened) becomes `unknown` (`after_unknown`, with
 * what DOKU said in `detail`). A 5xx or 429 stays `retryable` and an `unknown` or `duplicate`
 * stays as it is: none of them ever settles an operation.
 */
export function afterUnknown<T>(
  outcome: SnapOutcome<T>,
  earlierMayHaveActed: boolean,
): SnapOutcome<T> {
  if (
    !earlierMayHaveActed ||
    outcome.kind === 'success' ||
    settlesAfterUnknown(outcome) ||
    !readsAsNotDone(outcome)
  )
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
