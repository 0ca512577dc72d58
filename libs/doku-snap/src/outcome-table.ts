// The one table from (HTTP status, SNAP responseCode) to an outcome. Rows are looked up by
// the status the responseCode carries and its case (`*` = any other case of that status);
// a body without a usable code falls back to STATUS_ONLY_RULES. Anything not in the table
// is `unknown`: an answer we do not understand never becomes a success or a failure.
import type {
  AuthFailedReason,
  DeclinedReason,
  DuplicateReason,
  NotFoundReason,
  RetryableReason,
  UnknownReason,
} from './outcome.js';
import { parseResponseCode } from './response-code.js';
import { SNAP_SERVICE_CODES, type SnapOperation } from './paths.js';

export type Verdict =
  | { kind: 'success' }
  | { kind: 'declined'; reason: DeclinedReason }
  | { kind: 'not_found'; reason: NotFoundReason }
  | { kind: 'duplicate'; reason: DuplicateReason }
  | { kind: 'auth_failed'; reason: AuthFailedReason }
  | { kind: 'retryable'; reason: RetryableReason }
  | { kind: 'unknown'; reason: UnknownReason };

export type FailureVerdict = Exclude<Verdict, { kind: 'success' }>;

export interface OutcomeRule {
  /** The HTTP status carried by the responseCode's first three digits. */
  status: number;
  /** The responseCode's two-digit case, or `*` for any other case of this status. */
  caseCode: string;
  verdict: Verdict;
  /** What DOKU / SNAP means by it. */
  meaning: string;
}

const r = (status: number, caseCode: string, verdict: Verdict, meaning: string): OutcomeRule => ({
  status,
  caseCode,
  verdict,
  meaning,
});

export const OUTCOME_RULES: readonly OutcomeRule[] = [
  r(200, '*', { kind: 'success' }, 'successful'),
  r(202, '*', { kind: 'unknown', reason: 'in_progress' }, 'request in progress'),
  r(400, '01', { kind: 'declined', reason: 'invalid_field' }, 'invalid field format {field}'),
  r(400, '02', { kind: 'declined', reason: 'missing_field' }, 'invalid mandatory field {field}'),
  r(400, '*', { kind: 'declined', reason: 'bad_request' }, 'bad request'),
  r(401, '00', { kind: 'auth_failed', reason: 'signature' }, 'unauthorized, signature'),
  r(401, '01', { kind: 'auth_failed', reason: 'invalid_token' }, 'invalid token (B2B)'),
  r(401, '02', { kind: 'auth_failed', reason: 'invalid_customer_token' }, 'invalid customer token'),
  r(401, '03', { kind: 'auth_failed', reason: 'token_not_found' }, 'token not found'),
  r(
    401,
    '04',
    { kind: 'auth_failed', reason: 'customer_token_not_found' },
    'customer token not found',
  ),
  r(401, '*', { kind: 'auth_failed', reason: 'unauthorized' }, 'unauthorized'),
  r(403, '*', { kind: 'declined', reason: 'refused' }, 'business refusal (funds, limits, expired)'),
  r(404, '01', { kind: 'not_found', reason: 'transaction_not_found' }, 'transaction not found'),
  r(404, '*', { kind: 'declined', reason: 'rejected' }, 'invalid amount/terminal, cancelled...'),
  r(405, '*', { kind: 'declined', reason: 'not_allowed' }, 'operation not allowed in this state'),
  r(409, '00', { kind: 'duplicate', reason: 'external_id' }, 'same X-EXTERNAL-ID same day'),
  r(409, '01', { kind: 'duplicate', reason: 'partner_reference_no' }, 'duplicate partner ref.'),
  r(409, '*', { kind: 'duplicate', reason: 'conflict' }, 'conflict'),
  r(429, '*', { kind: 'retryable', reason: 'rate_limited' }, 'too many requests'),
  r(500, '*', { kind: 'retryable', reason: 'server_error' }, 'general/internal/external error'),
  r(502, '*', { kind: 'retryable', reason: 'bad_gateway' }, 'bad gateway'),
  r(503, '*', { kind: 'retryable', reason: 'service_unavailable' }, 'service unavailable'),
  r(504, '*', { kind: 'retryable', reason: 'gateway_timeout' }, 'timeout'),
];

/** Statuses that mean the same thing whatever the body (a proxy's HTML page, an empty body). */
export const STATUS_ONLY_RULES: readonly OutcomeRule[] = [
  r(401, '*', { kind: 'auth_failed', reason: 'unauthorized' }, 'unauthorized, no SNAP body'),
  r(429, '*', { kind: 'retryable', reason: 'rate_limited' }, 'rate limited, no SNAP body'),
  r(500, '*', { kind: 'retryable', reason: 'server_error' }, 'server error, no SNAP body'),
  r(502, '*', { kind: 'retryable', reason: 'bad_gateway' }, 'bad gateway, no SNAP body'),
  r(503, '*', { kind: 'retryable', reason: 'service_unavailable' }, 'unavailable, no SNAP body'),
  r(504, '*', { kind: 'retryable', reason: 'gateway_timeout' }, 'gateway timeout, no SNAP body'),
];

function lookup(rules: readonly OutcomeRule[], status: number, caseCode: string): Verdict | null {
  let wildcard: Verdict | null = null;
  for (const rule of rules) {
    if (rule.status !== status) continue;
    if (rule.caseCode === caseCode) return rule.verdict;
    if (rule.caseCode === '*') wildcard = rule.verdict;
  }
  return wildcard;
}

export interface ResponseVerdict {
  verdict: Verdict;
  /** The 7-digit responseCode when the body had one. */
  responseCode: string | null;
  /** True for DOKU's idempotent replay: HTTP 409 carrying the first answer's non-409 code. */
  replayed: boolean;
}

/**
 * Classifies an HTTP answer. `body` is the parsed JSON (undefined when the body was not
 * JSON). A success verdict still needs its body validated by the operation's parser.
 */
export function classifyResponse(
  operation: SnapOperation,
  httpStatus: number,
  body: unknown,
): ResponseVerdict {
  const code =
    body !== null && typeof body === 'object' && !Array.isArray(body)
      ? parseResponseCode((body as { responseCode?: unknown }).responseCode)
      : null;
  if (!code) {
    const verdict =
      lookup(STATUS_ONLY_RULES, httpStatus, '*') ??
      (httpStatus >= 500 && httpStatus <= 599
        ? ({ kind: 'retryable', reason: 'server_error' } as const)
        : ({ kind: 'unknown', reason: 'malformed_body' } as const));
    return { verdict, responseCode: null, replayed: false };
  }
  const http2xx = httpStatus >= 200 && httpStatus <= 299;
  const code2xx = code.status >= 200 && code.status <= 299;
  // DOKU's idempotency: the same X-EXTERNAL-ID with the same body answers HTTP 409 with
  // the first response's body. A 409 whose code is not a 409 code is such a replay.
  const replayed = httpStatus === 409 && code.status !== 409;
  const result = (verdict: Verdict): ResponseVerdict => ({
    verdict,
    responseCode: code.code,
    replayed,
  });
  if (code2xx && !http2xx && !replayed) {
    return result({ kind: 'unknown', reason: 'inconsistent_response' });
  }
  const verdict =
    lookup(OUTCOME_RULES, code.status, code.caseCode) ??
    (code.status >= 500 && code.status <= 599
      ? ({ kind: 'retryable', reason: 'server_error' } as const)
      : ({ kind: 'unknown', reason: 'unexpected_status' } as const));
  if (verdict.kind === 'success' && code.service !== SNAP_SERVICE_CODES[operation]) {
    // A success code of another service answers another request: not ours to trust.
    return result({ kind: 'unknown', reason: 'inconsistent_response' });
  }
  return result(verdict);
}

/** What a transport failure means: nothing sent is retryable; sent and unanswered is unknown. */
export function classifyTransportFailure(failure: {
  sent: boolean;
  reason: 'connection_failed' | 'timeout' | 'reset' | 'error';
}): FailureVerdict {
  if (!failure.sent) return { kind: 'retryable', reason: 'connection_failed' };
  switch (failure.reason) {
    case 'timeout':
      return { kind: 'unknown', reason: 'timeout' };
    case 'reset':
      return { kind: 'unknown', reason: 'connection_reset' };
    case 'connection_failed':
    case 'error':
      return { kind: 'unknown', reason: 'transport_error' };
  }
}
