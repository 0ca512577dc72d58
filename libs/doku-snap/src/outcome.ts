// Every SNAP call ends in exactly one of these outcomes. A decline is a value, not an
// exception; `unknown` means "the request may have reached DOKU and we have no trustworthy
// answer" and must never be read as a failure of payment (query before deciding).
import type { SnapOperation } from './paths.js';

export type OutcomeKind =
  'success' | 'declined' | 'not_found' | 'duplicate' | 'auth_failed' | 'retryable' | 'unknown';

export type DeclinedReason =
  'bad_request' | 'invalid_field' | 'missing_field' | 'refused' | 'rejected' | 'not_allowed';
export type NotFoundReason = 'transaction_not_found';
export type DuplicateReason = 'external_id' | 'partner_reference_no' | 'conflict';
export type AuthFailedReason =
  | 'signature'
  | 'invalid_token'
  | 'invalid_customer_token'
  | 'token_not_found'
  /** 401xx04: the B2B2C call came without a customer token (`Authorization-Customer`). */
  | 'customer_token_not_found'
  | 'unauthorized'
  /** The access-token call itself was refused (bad key, unknown client, clock skew...). */
  | 'token_request_rejected';
export type RetryableReason =
  | 'rate_limited'
  | 'server_error'
  | 'bad_gateway'
  | 'service_unavailable'
  | 'gateway_timeout'
  /** Nothing was sent: connection refused, DNS failure, connect timeout. */
  | 'connection_failed'
  /** The B2B token could not be obtained, so the call itself was never sent. */
  | 'token_unavailable';
export type UnknownReason =
  /** The request was sent and no answer came within the timeout. */
  | 'timeout'
  /** The connection broke after the request was sent. */
  | 'connection_reset'
  | 'transport_error'
  /** The body was not JSON, or had no usable responseCode. */
  | 'malformed_body'
  /** A success code whose body lacks or garbles what a success must carry. */
  | 'invalid_body'
  /** The answer contradicts itself or the request (HTTP vs code, service code, echoed ids). */
  | 'inconsistent_response'
  /** 202xx00: DOKU accepted the request and is still processing it. */
  | 'in_progress'
  | 'unexpected_status'
  /**
   * An earlier attempt of this operation may have been acted on (its answer was lost), and
   * this answer is not one about that attempt (see `afterUnknown`): still unknown.
   */
  | 'after_unknown';

/** Facts every outcome carries (never a secret: no token, no signature, no raw body). */
export interface OutcomeMeta {
  operation: SnapOperation;
  /** The X-EXTERNAL-ID sent (reuse it to retry the same request); null for token calls. */
  externalId: string | null;
  /** HTTP requests made for this call, token requests excluded. */
  attempts: number;
  httpStatus: number | null;
  responseCode: string | null;
  responseMessage: string | null;
  /** True when DOKU answered HTTP 409 replaying the first answer to this X-EXTERNAL-ID. */
  replayed: boolean;
}

export interface SnapSuccess<T> extends OutcomeMeta {
  kind: 'success';
  value: T;
}
export interface SnapDeclined extends OutcomeMeta {
  kind: 'declined';
  reason: DeclinedReason;
  responseCode: string;
  responseMessage: string | null;
}
export interface SnapNotFound extends OutcomeMeta {
  kind: 'not_found';
  reason: NotFoundReason;
}
export interface SnapDuplicate extends OutcomeMeta {
  kind: 'duplicate';
  reason: DuplicateReason;
}
export interface SnapAuthFailed extends OutcomeMeta {
  kind: 'auth_failed';
  reason: AuthFailedReason;
}
export interface SnapRetryable extends OutcomeMeta {
  kind: 'retryable';
  reason: RetryableReason;
  /** From a Retry-After header, when DOKU sent one. */
  retryAfterMs: number | null;
}
export interface SnapUnknown extends OutcomeMeta {
  kind: 'unknown';
  reason: UnknownReason;
  /** A short, secret-free description for logs (a field name, an error code). */
  detail: string | null;
}

export type SnapFailure =
  SnapDeclined | SnapNotFound | SnapDuplicate | SnapAuthFailed | SnapRetryable | SnapUnknown;

/** The result of every SNAP call. */
export type SnapOutcome<T> = SnapSuccess<T> | SnapFailure;

/** Narrowing helper: `if (isSuccess(o)) o.value...`. */
export function isSuccess<T>(outcome: SnapOutcome<T>): outcome is SnapSuccess<T> {
  return outcome.kind === 'success';
}

/**
 * Re-types a failure for another call (e.g. a failed token call inside a QR call).
 * Failures carry no value, so this is safe.
 */
export function asFailure<T>(failure: SnapFailure): SnapOutcome<T> {
  return failure;
}

/** What an observer learns of one outcome: never its value (no token, no QR, no body). */
export interface SnapOutcomeSummary {
  operation: SnapOperation;
  kind: OutcomeKind;
  /** Null on success. */
  reason: string | null;
  httpStatus: number | null;
  responseCode: string | null;
  responseMessage: string | null;
}

/**
 * What `onOutcome` sees: the summary plus how long the call took on the client's clock, from
 * the call to its final outcome (every attempt, backoff and the token fetch it needed
 * included; a token request alone for `tokenB2b`).
 */
export interface SnapObservedOutcome extends SnapOutcomeSummary {
  durationMs: number;
}

/** The secret-free summary of an outcome (for observers, metrics and health). */
export function summarizeOutcome(outcome: SnapOutcome<unknown>): SnapOutcomeSummary {
  return {
    operation: outcome.operation,
    kind: outcome.kind,
    reason: outcome.kind === 'success' ? null : outcome.reason,
    httpStatus: outcome.httpStatus,
    responseCode: outcome.responseCode,
    responseMessage: outcome.responseMessage,
  };
}
