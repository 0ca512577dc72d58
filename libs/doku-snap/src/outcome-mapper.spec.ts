import type { HttpResult } from './http/transport.js';
import { parseQueryResponse } from './mappers/responses.js';
import { toOutcome } from './outcome-mapper.js';

const ctx = { operation: 'query' as const, externalId: '123', attempts: 1, nowMs: 0 };
const response = (
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResult => ({
  kind: 'response',
  status,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const map = (r: HttpResult) => toOutcome(ctx, r, (b) => parseQueryResponse(b));

describe('one HTTP result -> one outcome', () => {
  it('a valid success carries the typed value and the metadata', () => {
    const o = map(
      response(200, {
        responseCode: '2005100',
        responseMessage: 'OK',
        originalPartnerReferenceNo: 'p1',
        latestTransactionStatus: '03',
      }),
    );
    expect(o).toMatchObject({
      kind: 'success',
      operation: 'query',
      externalId: '123',
      attempts: 1,
      httpStatus: 200,
      responseCode: '2005100',
      responseMessage: 'OK',
      replayed: false,
      value: { status: 'pending', originalPartnerReferenceNo: 'p1' },
    });
  });

  it('a success code with a body that is not a success is unknown, naming the field', () => {
    expect(map(response(200, { responseCode: '2005100' }))).toMatchObject({
      kind: 'unknown',
      reason: 'invalid_body',
      detail: 'latestTransactionStatus is missing',
    });
  });

  it('a success about another request is unknown (inconsistent)', () => {
    const o = toOutcome(
      ctx,
      response(200, {
        responseCode: '2005100',
        originalPartnerReferenceNo: 'other',
        latestTransactionStatus: '00',
      }),
      (b) => parseQueryResponse(b, { originalPartnerReferenceNo: 'mine' }),
    );
    expect(o).toMatchObject({ kind: 'unknown', reason: 'inconsistent_response' });
  });

  it('an unparseable body is unknown, whatever the status says', () => {
    expect(map(response(200, '<html>ok</html>'))).toMatchObject({
      kind: 'unknown',
      reason: 'malformed_body',
      detail: 'body is not JSON',
    });
    expect(map(response(200, ''))).toMatchObject({ kind: 'unknown', reason: 'malformed_body' });
    expect(map(response(200, '{"responseCode":'))).toMatchObject({ kind: 'unknown' });
  });

  it('a decline carries code and message', () => {
    expect(
      map(response(403, { responseCode: '4035114', responseMessage: 'Insufficient Funds' })),
    ).toMatchObject({
      kind: 'declined',
      reason: 'refused',
      responseCode: '4035114',
      responseMessage: 'Insufficient Funds',
    });
  });

  it('a retryable carries Retry-After', () => {
    expect(map(response(429, { responseCode: '4295100' }, { 'retry-after': '2' }))).toMatchObject({
      kind: 'retryable',
      reason: 'rate_limited',
      retryAfterMs: 2000,
    });
  });

  it('a replayed 409 success is a success marked replayed', () => {
    expect(
      map(
        response(409, {
          responseCode: '2005100',
          originalPartnerReferenceNo: 'p1',
          latestTransactionStatus: '03',
        }),
      ),
    ).toMatchObject({ kind: 'success', replayed: true });
  });

  it('transport failures: not sent is retryable, sent is unknown', () => {
    expect(
      map({ kind: 'failure', reason: 'connection_failed', sent: false, code: 'ECONNREFUSED' }),
    ).toMatchObject({
      kind: 'retryable',
      reason: 'connection_failed',
      httpStatus: null,
    });
    expect(
      map({ kind: 'failure', reason: 'timeout', sent: true, code: 'ETIMEDOUT' }),
    ).toMatchObject({
      kind: 'unknown',
      reason: 'timeout',
      detail: 'ETIMEDOUT',
    });
  });

  it('truncates a long responseMessage', () => {
    const o = map(response(400, { responseCode: '4005100', responseMessage: 'x'.repeat(1000) }));
    expect(o.responseMessage).toHaveLength(256);
  });
});
