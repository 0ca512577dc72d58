import { classifyResponse } from '../outcome-table.js';
import {
  seedDecodeResponse,
  seedGenerateResponse,
  seedPaymentResponse,
  seedQueryResponse,
  seedRefundResponse,
  seedTokenResponse,
} from '../testing/seed-samples.js';
import {
  looksLikeQris,
  parseB2bTokenResponse,
  parseCancelResponse,
  parseCustomerTokenResponse,
  parseDecodeResponse,
  parseGenerateResponse,
  parsePaymentResponse,
  parseQueryResponse,
  parseRefundResponse,
  toTransactionStatus,
} from './responses.js';

const ok = <T>(r: { ok: true; value: T } | { ok: false; problem: string }): T => {
  if (!r.ok) throw new Error(`expected ok, got problem: ${r.problem}`);
  return r.value;
};

describe("DOKU's sample responses decode into our types", () => {
  it('generate', () => {
    expect(classifyResponse('generate', 200, seedGenerateResponse).verdict.kind).toBe('success');
    expect(ok(parseGenerateResponse(seedGenerateResponse))).toEqual({
      referenceNo: 'a98757c8dbc6434ab5dd4c55d9092d9a',
      partnerReferenceNo: 'a98757c8dbc6434ab5dd4c55d9092d9a',
      qrContent: seedGenerateResponse.qrContent,
      terminalId: 'K45',
      validUntil: new Date('2023-11-08T10:38:42Z'),
      additionalInfo: { validityPeriod: '2023-11-08T17:38:42+07:00' },
    });
  });

  it('query, with numeric amounts and padded names', () => {
    expect(classifyResponse('query', 200, seedQueryResponse).verdict.kind).toBe('success');
    const v = ok(parseQueryResponse(seedQueryResponse));
    expect(v).toMatchObject({
      status: 'success',
      statusCode: '00',
      statusDescription: 'Success',
      paidAt: new Date('2023-08-18T16:12:21Z'),
      amount: { minor: 120000, currency: 'IDR' },
      feeAmount: { minor: 50000, currency: 'IDR' },
      approvalCode: '328591',
      issuerId: '93600014',
      issuerName: 'BCA',
      customerName: 'JOHN DOE',
      terminalId: 'A01',
    });
  });

  it('refund', () => {
    expect(classifyResponse('refund', 200, seedRefundResponse).verdict.kind).toBe('success');
    expect(ok(parseRefundResponse(seedRefundResponse))).toMatchObject({
      refundNo: 'QRISR0001',
      partnerRefundNo: 'QRISR0001',
      refundAmount: { minor: 120000, currency: 'IDR' },
      refundedAt: new Date('2022-11-11T03:51:48Z'),
    });
  });

  it('decode, with a numeric point of initiation', () => {
    expect(classifyResponse('decode', 200, seedDecodeResponse).verdict.kind).toBe('success');
    expect(ok(parseDecodeResponse(seedDecodeResponse))).toMatchObject({
      merchantName: 'Green Pages',
      transactionAmount: { minor: 120000, currency: 'IDR' },
      feeAmount: { minor: 50000, currency: 'IDR' },
      pointOfInitiationMethod: '12',
      feeType: '2',
      feeTypeDescription: 'FIX_TIPS',
    });
  });

  it('payment, with a numeric approval code', () => {
    expect(classifyResponse('payment', 200, seedPaymentResponse).verdict.kind).toBe('success');
    expect(ok(parsePaymentResponse(seedPaymentResponse))).toMatchObject({
      referenceNo: '91cbe52caf27471482d3430c37d174fc',
      amount: { minor: 120000, currency: 'IDR' },
      approvalCode: '328580',
    });
  });

  it('b2b token, expiresIn as a string or a number', () => {
    expect(classifyResponse('tokenB2b', 200, seedTokenResponse).verdict.kind).toBe('success');
    expect(ok(parseB2bTokenResponse(seedTokenResponse)).expiresInSeconds).toBe(900);
    expect(
      ok(parseB2bTokenResponse({ ...seedTokenResponse, expiresIn: 900 })).expiresInSeconds,
    ).toBe(900);
  });
});

describe('strict validation: a success must carry what a success means', () => {
  it('generate needs referenceNo and a QRIS-shaped qrContent', () => {
    const { referenceNo: _r, ...noRef } = seedGenerateResponse;
    expect(parseGenerateResponse(noRef)).toEqual({ ok: false, problem: 'referenceNo is missing' });
    expect(parseGenerateResponse({ ...seedGenerateResponse, qrContent: '' }).ok).toBe(false);
    expect(parseGenerateResponse({ ...seedGenerateResponse, qrContent: 'hello' })).toEqual({
      ok: false,
      problem: 'qrContent is not a QRIS payload',
    });
    expect(parseGenerateResponse({ ...seedGenerateResponse, qrContent: 42 }).ok).toBe(false);
  });

  it('generate answering for another partnerReferenceNo is inconsistent', () => {
    expect(parseGenerateResponse(seedGenerateResponse, { partnerReferenceNo: 'other' })).toEqual({
      ok: false,
      problem: 'partnerReferenceNo does not match the request',
      inconsistent: true,
    });
    expect(
      parseGenerateResponse(seedGenerateResponse, {
        partnerReferenceNo: 'a98757c8dbc6434ab5dd4c55d9092d9a',
      }).ok,
    ).toBe(true);
  });

  it('query needs a status and rejects garbled present fields', () => {
    const { latestTransactionStatus: _s, ...noStatus } = seedQueryResponse;
    expect(parseQueryResponse(noStatus)).toEqual({
      ok: false,
      problem: 'latestTransactionStatus is missing',
    });
    expect(parseQueryResponse({ ...seedQueryResponse, latestTransactionStatus: 'paid' }).ok).toBe(
      false,
    );
    expect(parseQueryResponse({ ...seedQueryResponse, amount: { value: '1,200' } })).toEqual({
      ok: false,
      problem: 'amount is not an amount',
    });
    expect(parseQueryResponse({ ...seedQueryResponse, paidTime: 'yesterday' })).toEqual({
      ok: false,
      problem: 'paidTime is not an ISO-8601 timestamp with offset',
    });
    expect(parseQueryResponse({ ...seedQueryResponse, additionalInfo: 'x' })).toEqual({
      ok: false,
      problem: 'additionalInfo is not an object',
    });
    expect(
      parseQueryResponse({ ...seedQueryResponse, additionalInfo: { issuerName: {} } }),
    ).toEqual({ ok: false, problem: 'additionalInfo.issuerName is not a string' });
  });

  it('query tolerates absent optional fields and a numeric status', () => {
    const v = ok(parseQueryResponse({ responseCode: '2005100', latestTransactionStatus: 3 }));
    expect(v).toMatchObject({ status: 'pending', statusCode: '03', paidAt: null, amount: null });
  });

  it('query about another transaction is inconsistent', () => {
    const r = parseQueryResponse(seedQueryResponse, { originalPartnerReferenceNo: 'mine' });
    expect(r).toMatchObject({ ok: false, inconsistent: true });
  });

  it('refund needs the refund number and amount, and must be for our refund', () => {
    const { refundAmount: _a, ...noAmount } = seedRefundResponse;
    expect(parseRefundResponse(noAmount)).toEqual({
      ok: false,
      problem: 'refundAmount is missing',
    });
    expect(parseRefundResponse(seedRefundResponse, { partnerRefundNo: 'R2' })).toMatchObject({
      ok: false,
      inconsistent: true,
    });
  });

  it('decode needs a merchant name', () => {
    expect(parseDecodeResponse({ responseCode: '2004800' })).toEqual({
      ok: false,
      problem: 'merchantName is missing',
    });
  });

  it('cancel and payment check the echoed reference', () => {
    expect(
      ok(
        parseCancelResponse(
          { originalPartnerReferenceNo: 'a', cancelTime: '2024-03-01T10:00:00+07:00' },
          { originalPartnerReferenceNo: 'a' },
        ),
      ),
    ).toMatchObject({ cancelledAt: new Date('2024-03-01T03:00:00Z') });
    expect(
      parseCancelResponse({ originalPartnerReferenceNo: 'b' }, { originalPartnerReferenceNo: 'a' })
        .ok,
    ).toBe(false);
    expect(parsePaymentResponse(seedPaymentResponse, { partnerReferenceNo: 'x' }).ok).toBe(false);
  });

  it('token needs a token and a positive lifetime, of type Bearer', () => {
    expect(parseB2bTokenResponse({ ...seedTokenResponse, accessToken: '' }).ok).toBe(false);
    expect(parseB2bTokenResponse({ ...seedTokenResponse, expiresIn: '0' }).ok).toBe(false);
    expect(parseB2bTokenResponse({ ...seedTokenResponse, expiresIn: 'soon' }).ok).toBe(false);
    expect(parseB2bTokenResponse({ ...seedTokenResponse, expiresIn: undefined }).ok).toBe(false);
    expect(parseB2bTokenResponse({ ...seedTokenResponse, tokenType: 'MAC' }).ok).toBe(false);
    expect(parseB2bTokenResponse({ ...seedTokenResponse, tokenType: undefined }).ok).toBe(true);
  });

  it('a failed parse never names the value (it may be a secret)', () => {
    const r = parseB2bTokenResponse({ ...seedTokenResponse, expiresIn: 'secret-ish-value' });
    expect(JSON.stringify(r)).not.toContain('secret-ish-value');
    expect(JSON.stringify(r)).not.toContain(seedTokenResponse.accessToken);
  });
});

describe('customer token and statuses', () => {
  it('reads expiry times, or computes one from expiresIn', () => {
    const now = Date.parse('2024-03-01T00:00:00Z');
    expect(
      ok(
        parseCustomerTokenResponse(
          {
            responseCode: '2007400',
            accessToken: 'c',
            tokenType: 'Bearer',
            accessTokenExpiryTime: '2024-03-01T07:15:00+07:00',
            refreshToken: 'r',
            refreshTokenExpiryTime: '2024-03-02T07:00:00+07:00',
          },
          now,
        ),
      ),
    ).toEqual({
      accessToken: 'c',
      tokenType: 'Bearer',
      accessTokenExpiresAt: new Date('2024-03-01T00:15:00Z'),
      refreshToken: 'r',
      refreshTokenExpiresAt: new Date('2024-03-02T00:00:00Z'),
    });
    expect(ok(parseCustomerTokenResponse({ accessToken: 'c', expiresIn: 60 }, now))).toMatchObject({
      accessTokenExpiresAt: new Date(now + 60000),
      refreshToken: null,
    });
  });

  it('names every latestTransactionStatus and reads unknown ones as pending', () => {
    expect(
      ['00', '01', '02', '03', '04', '05', '06', '07', '08', '99'].map(toTransactionStatus),
    ).toEqual([
      'success',
      'initiated',
      'paying',
      'pending',
      'refunded',
      'canceled',
      'failed',
      'not_found',
      'expired',
      'pending',
    ]);
  });

  it('recognises the shape of a QRIS payload', () => {
    expect(looksLikeQris(seedGenerateResponse.qrContent)).toBe(true);
    expect(looksLikeQris('000201' + 'x'.repeat(600) + '6304ABCD')).toBe(false);
    expect(looksLikeQris('0002016304ABC')).toBe(false);
  });
});
