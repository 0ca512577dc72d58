import type { SnapOutcome } from './outcome.js';
import { afterUnknown, mayHaveActed, settlesAfterUnknown } from './unknown-rule.js';

const meta = {
  operation: 'refund' as const,
  externalId: '123',
  attempts: 1,
  httpStatus: 200,
  responseCode: null as string | null,
  responseMessage: null,
  replayed: false,
};
const success: SnapOutcome<string> = { ...meta, kind: 'success', value: 'ok' };
const declined = (replayed = false): SnapOutcome<string> => ({
  ...meta,
  httpStatus: replayed ? 409 : 403,
  responseCode: '4037815',
  kind: 'declined',
  reason: 'refused',
  replayed,
});
const notFound = (replayed = false): SnapOutcome<string> => ({
  ...meta,
  httpStatus: replayed ? 409 : 404,
  responseCode: '4047801',
  kind: 'not_found',
  reason: 'transaction_not_found',
  replayed,
});
const auth: SnapOutcome<string> = {
  ...meta,
  httpStatus: 401,
  responseCode: '4017801',
  kind: 'auth_failed',
  reason: 'invalid_token',
};
const retryable = (reason: 'rate_limited' | 'server_error' | 'connection_failed') =>
  ({ ...meta, kind: 'retryable', reason, retryAfterMs: null }) as SnapOutcome<string>;
const unknown: SnapOutcome<string> = { ...meta, kind: 'unknown', reason: 'timeout', detail: null };
const duplicate: SnapOutcome<string> = { ...meta, kind: 'duplicate', reason: 'external_id' };

describe('the unknown-outcome rule', () => {
  it('says which answers leave DOKU possibly having acted', () => {
    expect(mayHaveActed(unknown)).toBe(true);
    expect(mayHaveActed(duplicate)).toBe(true);
    expect(mayHaveActed(retryable('server_error'))).toBe(true);
    expect(mayHaveActed(retryable('rate_limited'))).toBe(false);
    expect(mayHaveActed(retryable('connection_failed'))).toBe(false);
    expect(mayHaveActed(auth)).toBe(false);
    expect(mayHaveActed(declined())).toBe(false);
    expect(mayHaveActed(success)).toBe(false);
  });

  it('only a success or DOKU replaying its first answer settles after an unknown', () => {
    expect(settlesAfterUnknown(success)).toBe(true);
    expect(settlesAfterUnknown(declined(true))).toBe(true);
    expect(settlesAfterUnknown(notFound(true))).toBe(true);
    expect(settlesAfterUnknown(declined(false))).toBe(false);
    expect(settlesAfterUnknown(notFound(false))).toBe(false);
    expect(settlesAfterUnknown(auth)).toBe(false);
    expect(settlesAfterUnknown(retryable('server_error'))).toBe(false);
  });

  it('with no unknown before, every answer is taken as it is', () => {
    for (const o of [success, declined(), notFound(), auth, retryable('rate_limited'), unknown])
      expect(afterUnknown(o, false)).toBe(o);
  });

  // The "after unknown" rows of every verdict table: each answer that does not settle the
  // operation stays unknown, and says what DOKU answered.
  it.each([
    ['401', auth, 'auth_failed:invalid_token 4017801'],
    ['connection refused', retryable('connection_failed'), 'retryable:connection_failed'],
    ['a fresh refusal', declined(false), 'declined:refused 4037815'],
    ['a fresh not found', notFound(false), 'not_found:transaction_not_found 4047801'],
  ])('after an unknown, %s stays unknown', (_name, outcome, detail) => {
    expect(afterUnknown(outcome, true)).toMatchObject({
      kind: 'unknown',
      reason: 'after_unknown',
      detail,
      responseCode: outcome.responseCode,
      externalId: '123',
    });
  });

  it('after an unknown, a success, a replayed answer, a duplicate, a timeout, a 429 or a 5xx are kept (none reads as "not done")', () => {
    for (const o of [
      success,
      declined(true),
      notFound(true),
      duplicate,
      unknown,
      retryable('rate_limited'),
      retryable('server_error'),
    ])
      expect(afterUnknown(o, true)).toBe(o);
  });
});
