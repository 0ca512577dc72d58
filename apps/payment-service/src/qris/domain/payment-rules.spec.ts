import type { OutcomeMeta, QrPayment, SnapOutcome } from '#doku-snap';
import { parseQris, type Qris } from '#qris';
import { DOKU_SAMPLE, STATIC_QR } from '../../../test/qris.support.js';
import { paymentAmount, paymentVerdict } from './payment-rules.js';

const qris = (payload: string): Qris => {
  const r = parseQris(payload);
  if (!r.ok) throw new Error('fixture does not parse');
  return r.qris;
};

describe('paymentAmount', () => {
  it('takes a dynamic QR’s own amount when none is sent, or the same one', () => {
    expect(paymentAmount(qris(DOKU_SAMPLE), undefined)).toEqual({ ok: true, amount: 120025 });
    expect(paymentAmount(qris(DOKU_SAMPLE), 120025)).toEqual({ ok: true, amount: 120025 });
  });

  it('refuses another amount than a dynamic QR’s, naming the right one', () => {
    const r = paymentAmount(qris(DOKU_SAMPLE), 100);
    expect(r).toMatchObject({ ok: false, code: 'AMOUNT_MISMATCH' });
    if (!r.ok) expect(r.message).toMatch(/send amount 120025/);
  });

  it('needs an amount for a static QR', () => {
    expect(paymentAmount(qris(STATIC_QR), undefined)).toMatchObject({
      ok: false,
      code: 'AMOUNT_REQUIRED',
    });
    expect(paymentAmount(qris(STATIC_QR), 5000)).toEqual({ ok: true, amount: 5000 });
  });

  it('refuses a QR in another currency', () => {
    const q = { ...qris(DOKU_SAMPLE), currency: '458' };
    expect(paymentAmount(q, undefined)).toMatchObject({
      ok: false,
      code: 'QR_CURRENCY_UNSUPPORTED',
    });
  });
});

const meta: OutcomeMeta = {
  operation: 'payment',
  externalId: '1',
  attempts: 1,
  httpStatus: 200,
  responseCode: '2005000',
  responseMessage: null,
  replayed: false,
};

describe('paymentVerdict', () => {
  it('records DOKU’s success with its reference and approval code', () => {
    const o: SnapOutcome<QrPayment> = {
      ...meta,
      kind: 'success',
      value: {
        referenceNo: 'r1',
        partnerReferenceNo: 'p1',
        amount: { minor: 100, currency: 'IDR' },
        feeAmount: { minor: 5, currency: 'IDR' },
        approvalCode: '328580',
        additionalInfo: {},
      },
    };
    expect(paymentVerdict(o)).toEqual({
      status: 'SUCCEEDED',
      referenceNo: 'r1',
      approvalCode: '328580',
      feeAmount: 5,
    });
  });

  it('fails on an invalid customer token with its own code', () => {
    expect(
      paymentVerdict({ ...meta, kind: 'auth_failed', reason: 'invalid_customer_token' }),
    ).toMatchObject({ status: 'FAILED', code: 'CUSTOMER_TOKEN_INVALID' });
  });

  it('fails on a missing customer token (401xx04) with the same code', () => {
    expect(
      paymentVerdict({ ...meta, kind: 'auth_failed', reason: 'customer_token_not_found' }),
    ).toMatchObject({ status: 'FAILED', code: 'CUSTOMER_TOKEN_INVALID' });
  });

  it('fails on a decline with DOKU’s code', () => {
    expect(
      paymentVerdict({
        ...meta,
        kind: 'declined',
        reason: 'refused',
        responseCode: '4035014',
        responseMessage: 'Insufficient Funds',
      }),
    ).toEqual({ status: 'FAILED', code: 'DOKU_4035014', message: 'Insufficient Funds' });
  });

  it('fails when the request provably never left', () => {
    expect(
      paymentVerdict({
        ...meta,
        kind: 'retryable',
        reason: 'connection_failed',
        retryAfterMs: null,
      }),
    ).toMatchObject({ status: 'FAILED', code: 'GATEWAY_UNAVAILABLE' });
  });

  it.each([
    { kind: 'unknown', reason: 'timeout', detail: null },
    { kind: 'retryable', reason: 'server_error', retryAfterMs: null },
    { kind: 'duplicate', reason: 'partner_reference_no' },
  ] as const)('never reads $kind/$reason as a failure (the customer may have paid)', (o) => {
    expect(paymentVerdict({ ...meta, ...o } as SnapOutcome<QrPayment>).status).toBe('UNKNOWN');
  });
});
