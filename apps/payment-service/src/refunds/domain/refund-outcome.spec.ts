import { afterUnknown, type OutcomeMeta, type QrRefund, type SnapOutcome } from '#doku-snap';
import { refundRetryDelayMs, refundVerdict, unknownRefundExplanation } from './refund-outcome.js';

const meta: OutcomeMeta = {
  operation: 'refund',
  externalId: '202611250000000000000000000000000001',
  attempts: 1,
  httpStatus: 200,
  responseCode: '2007800',
  responseMessage: 'Successful',
  replayed: false,
};

const refunded = (minor: number): SnapOutcome<QrRefund> => ({
  ...meta,
  kind: 'success',
  value: {
    originalReferenceNo: 'ref',
    originalPartnerReferenceNo: 'pref',
    refundNo: 'QRISR0001',
    partnerRefundNo: 'rfd_x',
    refundAmount: { minor, currency: 'IDR' },
    refundedAt: new Date('2026-11-25T10:00:00Z'),
    additionalInfo: {},
  },
});

describe('refundVerdict', () => {
  it('settles a confirmed refund of our amount as SUCCEEDED', () => {
    expect(refundVerdict(refunded(500), { amount: 500 })).toEqual({
      status: 'SUCCEEDED',
      dokuRefundNo: 'QRISR0001',
      refundedAt: new Date('2026-11-25T10:00:00Z'),
    });
  });

  it('keeps a confirmation of another amount open for a person (never SUCCEEDED, never FAILED)', () => {
    expect(refundVerdict(refunded(400), { amount: 500 })).toMatchObject({
      status: 'UNKNOWN',
      outcome: 'success:amount_mismatch',
    });
  });

  it('records a business refusal as FAILED with DOKU’s code', () => {
    const v = refundVerdict(
      {
        ...meta,
        kind: 'declined',
        reason: 'refused',
        responseCode: '4037814',
        responseMessage: 'Insufficient Funds',
      },
      { amount: 1 },
    );
    expect(v).toEqual({ status: 'FAILED', code: 'DOKU_4037814', message: 'Insufficient Funds' });
  });

  it('records "transaction not found" as FAILED', () => {
    const v = refundVerdict(
      { ...meta, kind: 'not_found', reason: 'transaction_not_found', responseCode: '4047801' },
      { amount: 1 },
    );
    expect(v).toMatchObject({ status: 'FAILED', code: 'DOKU_4047801' });
  });

  it('records refused credentials as FAILED (DOKU processed nothing)', () => {
    const v = refundVerdict({ ...meta, kind: 'auth_failed', reason: 'signature' }, { amount: 1 });
    expect(v).toMatchObject({ status: 'FAILED', code: 'GATEWAY_AUTH_FAILED' });
  });

  it('never reads a timeout as a failure', () => {
    const v = refundVerdict(
      { ...meta, kind: 'unknown', reason: 'timeout', detail: null },
      { amount: 1 },
    );
    expect(v).toMatchObject({
      status: 'UNKNOWN',
      outcome: 'unknown:timeout',
      newExternalId: false,
    });
  });

  it('keeps a retryable answer open for the next attempt', () => {
    const v = refundVerdict(
      { ...meta, kind: 'retryable', reason: 'server_error', retryAfterMs: null },
      { amount: 1 },
    );
    expect(v).toMatchObject({ status: 'UNKNOWN', outcome: 'retryable:server_error' });
  });

  it('asks for a new X-EXTERNAL-ID when DOKU refuses to reuse the one sent', () => {
    const v = refundVerdict({ ...meta, kind: 'duplicate', reason: 'external_id' }, { amount: 1 });
    expect(v).toMatchObject({ status: 'UNKNOWN', newExternalId: true });
    const other = refundVerdict(
      { ...meta, kind: 'duplicate', reason: 'partner_reference_no' },
      { amount: 1 },
    );
    expect(other).toMatchObject({ status: 'UNKNOWN', newExternalId: false });
  });
});

describe('refundVerdict after an unknown (the answers that may not settle it)', () => {
  const after = (o: SnapOutcome<QrRefund>) => refundVerdict(afterUnknown(o, true), { amount: 1 });
  it.each([
    ['a 401', { ...meta, kind: 'auth_failed', reason: 'signature' }],
    [
      'a refused connection',
      { ...meta, kind: 'retryable', reason: 'connection_failed', retryAfterMs: null },
    ],
    [
      'a fresh refusal',
      {
        ...meta,
        kind: 'declined',
        reason: 'not_allowed',
        responseCode: '4057801',
        responseMessage: 'no',
      },
    ],
    ['a fresh not found', { ...meta, kind: 'not_found', reason: 'transaction_not_found' }],
  ] as [string, SnapOutcome<QrRefund>][])('%s keeps the refund UNKNOWN', (_name, o) => {
    expect(after(o)).toMatchObject({
      status: 'UNKNOWN',
      outcome: 'unknown:after_unknown',
      message: expect.stringMatching(/may have been made/),
    });
  });

  it("DOKU's replay of a refusal (HTTP 409 with the first answer) still settles it", () => {
    const replayed: SnapOutcome<QrRefund> = {
      ...meta,
      httpStatus: 409,
      replayed: true,
      kind: 'declined',
      reason: 'not_allowed',
      responseCode: '4057801',
      responseMessage: 'Not allowed',
    };
    expect(after(replayed)).toMatchObject({ status: 'FAILED', code: 'DOKU_4057801' });
  });

  it('explains an UNKNOWN refund to a person without ever saying nothing moved', () => {
    for (const last of [
      'unknown:timeout',
      'unknown:after_unknown',
      'unknown:malformed_body',
      'retryable:rate_limited',
      'duplicate:external_id',
      'success:amount_mismatch',
      null,
    ]) {
      const text = unknownRefundExplanation(last, true);
      expect(text).toMatch(/do not refund it again/);
      expect(text).not.toMatch(/no money moved|nothing moved/i);
    }
    expect(unknownRefundExplanation('retryable:rate_limited', true)).toMatch(/may have been made/);
    expect(unknownRefundExplanation('retryable:rate_limited', false)).not.toMatch(/may have/);
    expect(unknownRefundExplanation('unknown:after_unknown', true)).toMatch(
      /earlier answer from DOKU was lost/,
    );
  });
});

describe('refundRetryDelayMs', () => {
  it('grows with the attempts and stops at ten minutes', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 9, 50].map(refundRetryDelayMs);
    expect(delays[0]).toBe(2_000);
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]);
    expect(delays.at(-1)).toBe(600_000);
  });
});
