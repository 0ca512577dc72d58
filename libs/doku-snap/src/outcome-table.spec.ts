import {
  classifyResponse,
  classifyTransportFailure,
  OUTCOME_RULES,
  STATUS_ONLY_RULES,
} from './outcome-table.js';
import { parseResponseCode } from './response-code.js';

// Hand-written expectations, one per table row (the table is not used to compute them).
// [HTTP status, responseCode, expected kind, expected reason]
const byCode: [number, string, string, string | undefined][] = [
  [200, '2005100', 'success', undefined],
  [202, '2025100', 'unknown', 'in_progress'],
  [400, '4005101', 'declined', 'invalid_field'],
  [400, '4005102', 'declined', 'missing_field'],
  [400, '4005100', 'declined', 'bad_request'],
  [401, '4015100', 'auth_failed', 'signature'],
  [401, '4015101', 'auth_failed', 'invalid_token'],
  [401, '4015002', 'auth_failed', 'invalid_customer_token'],
  [401, '4015103', 'auth_failed', 'token_not_found'],
  [401, '4015004', 'auth_failed', 'customer_token_not_found'],
  [401, '4015199', 'auth_failed', 'unauthorized'],
  [403, '4035014', 'declined', 'refused'],
  [404, '4045101', 'not_found', 'transaction_not_found'],
  [404, '4047813', 'declined', 'rejected'],
  [405, '4057801', 'declined', 'not_allowed'],
  [409, '4094700', 'duplicate', 'external_id'],
  [409, '4094701', 'duplicate', 'partner_reference_no'],
  [409, '4094799', 'duplicate', 'conflict'],
  [429, '4295100', 'retryable', 'rate_limited'],
  [500, '5005101', 'retryable', 'server_error'],
  [502, '5025100', 'retryable', 'bad_gateway'],
  [503, '5035100', 'retryable', 'service_unavailable'],
  [504, '5045100', 'retryable', 'gateway_timeout'],
];

// A body without a usable responseCode (a proxy's HTML page, an empty body).
const byStatusOnly: [number, string, string][] = [
  [401, 'auth_failed', 'unauthorized'],
  [429, 'retryable', 'rate_limited'],
  [500, 'retryable', 'server_error'],
  [502, 'retryable', 'bad_gateway'],
  [503, 'retryable', 'service_unavailable'],
  [504, 'retryable', 'gateway_timeout'],
];

const opFor = (code: string) =>
  (({ '51': 'query', '50': 'payment', '47': 'generate', '78': 'refund' }) as const)[
    code.slice(3, 5) as '51'
  ];

describe('outcome table: (HTTP status, responseCode) -> outcome', () => {
  it('has an expectation for every row', () => {
    const rowKeys = OUTCOME_RULES.map((r) => `${r.status}/${r.caseCode}`).sort();
    const tested = byCode
      .map(([, code]) => {
        const p = parseResponseCode(code)!;
        const exact = OUTCOME_RULES.some((r) => r.status === p.status && r.caseCode === p.caseCode);
        return `${p.status}/${exact ? p.caseCode : '*'}`;
      })
      .sort();
    expect(tested).toEqual(rowKeys);
    expect(byStatusOnly.map(([s]) => s).sort()).toEqual(
      STATUS_ONLY_RULES.map((r) => r.status).sort(),
    );
  });

  it.each(byCode)('HTTP %i with %s is %s (%s)', (status, code, kind, reason) => {
    const { verdict, responseCode, replayed } = classifyResponse(opFor(code), status, {
      responseCode: code,
      responseMessage: 'm',
    });
    expect(verdict).toEqual(reason === undefined ? { kind } : { kind, reason });
    expect(responseCode).toBe(code);
    expect(replayed).toBe(false);
  });

  it.each(byStatusOnly)('HTTP %i without a SNAP body is %s (%s)', (status, kind, reason) => {
    for (const body of [undefined, {}, { responseCode: 'oops' }, ['x']]) {
      expect(classifyResponse('query', status, body).verdict).toEqual({ kind, reason });
    }
  });
});

describe('outcome table: the cases around the rows', () => {
  it('accepts a numeric responseCode', () => {
    expect(classifyResponse('query', 200, { responseCode: 2005100 }).verdict).toEqual({
      kind: 'success',
    });
  });

  it('never calls a body without a responseCode a success', () => {
    expect(classifyResponse('query', 200, undefined).verdict).toEqual({
      kind: 'unknown',
      reason: 'malformed_body',
    });
    expect(classifyResponse('query', 200, { latestTransactionStatus: '00' }).verdict).toEqual({
      kind: 'unknown',
      reason: 'malformed_body',
    });
    expect(classifyResponse('query', 404, undefined).verdict.kind).toBe('unknown');
  });

  it('treats a success code of another service as inconsistent', () => {
    expect(classifyResponse('query', 200, { responseCode: '2004700' }).verdict).toEqual({
      kind: 'unknown',
      reason: 'inconsistent_response',
    });
  });

  it('treats a success code under an error HTTP status as inconsistent', () => {
    expect(classifyResponse('refund', 500, { responseCode: '2007800' }).verdict).toEqual({
      kind: 'unknown',
      reason: 'inconsistent_response',
    });
  });

  it('follows the code when HTTP 200 carries a refusal', () => {
    expect(classifyResponse('query', 200, { responseCode: '4045101' }).verdict.kind).toBe(
      'not_found',
    );
  });

  it('reads HTTP 409 carrying another code as DOKU replaying the first answer', () => {
    const success = classifyResponse('generate', 409, { responseCode: '2004700' });
    expect(success).toEqual({
      verdict: { kind: 'success' },
      responseCode: '2004700',
      replayed: true,
    });
    const declined = classifyResponse('refund', 409, { responseCode: '4037814' });
    expect(declined.verdict).toEqual({ kind: 'declined', reason: 'refused' });
    expect(declined.replayed).toBe(true);
  });

  it('treats an unlisted status as unknown, never as failed', () => {
    expect(classifyResponse('query', 302, { responseCode: '3025100' }).verdict).toEqual({
      kind: 'unknown',
      reason: 'unexpected_status',
    });
    expect(classifyResponse('query', 418, { responseCode: '4185100' }).verdict.kind).toBe(
      'unknown',
    );
    expect(classifyResponse('query', 501, { responseCode: '5015100' }).verdict).toEqual({
      kind: 'retryable',
      reason: 'server_error',
    });
  });
});

describe('outcome table: transport failures', () => {
  it.each([
    [{ sent: false, reason: 'connection_failed' as const }, 'retryable', 'connection_failed'],
    [{ sent: false, reason: 'error' as const }, 'retryable', 'connection_failed'],
    [{ sent: true, reason: 'timeout' as const }, 'unknown', 'timeout'],
    [{ sent: true, reason: 'reset' as const }, 'unknown', 'connection_reset'],
    [{ sent: true, reason: 'error' as const }, 'unknown', 'transport_error'],
  ])('%j is %s (%s)', (failure, kind, reason) => {
    expect(classifyTransportFailure(failure)).toEqual({ kind, reason });
  });
});
