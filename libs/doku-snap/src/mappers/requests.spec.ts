import {
  toB2b2cTokenRequest,
  toB2bTokenRequest,
  toCancelRequest,
  toDecodeRequest,
  toGenerateRequest,
  toPaymentRequest,
  toQueryRequest,
  toRefundRequest,
} from './requests.js';

describe('our inputs -> SNAP request bodies', () => {
  it('generate: minor units to "0.00" strings, validity in Jakarta time', () => {
    expect(
      toGenerateRequest(
        {
          partnerReferenceNo: 'a98757c8dbc6434ab5dd4c55d9092d9a',
          amountMinor: 100000,
          feeAmountMinor: 50000,
          terminalId: 'k45',
          validUntil: new Date('2023-11-08T10:38:42Z'),
          additionalInfo: { postalCode: '13120' },
        },
        '2115',
      ),
    ).toEqual({
      partnerReferenceNo: 'a98757c8dbc6434ab5dd4c55d9092d9a',
      amount: { value: '1000.00', currency: 'IDR' },
      feeAmount: { value: '500.00', currency: 'IDR' },
      merchantId: '2115',
      terminalId: 'k45',
      validityPeriod: '2023-11-08T17:38:42+07:00',
      additionalInfo: { postalCode: '13120' },
    });
  });

  it('generate: serialises in the documented field order, without empty extras', () => {
    const body = toGenerateRequest(
      {
        partnerReferenceNo: 'p1',
        amountMinor: 1000000,
        terminalId: 'T01',
        validUntil: new Date('2024-01-01T00:00:00Z'),
      },
      'M1',
    );
    expect(JSON.stringify(body)).toBe(
      '{"partnerReferenceNo":"p1","amount":{"value":"10000.00","currency":"IDR"},"merchantId":"M1","terminalId":"T01","validityPeriod":"2024-01-01T07:00:00+07:00"}',
    );
  });

  it('generate: refuses inputs that are programmer errors', () => {
    const base = {
      partnerReferenceNo: 'p1',
      amountMinor: 100,
      terminalId: 'T01',
      validUntil: new Date(),
    };
    expect(() => toGenerateRequest({ ...base, terminalId: 'T1' }, 'M')).toThrow(/terminalId/);
    expect(() => toGenerateRequest({ ...base, terminalId: 'T-01' }, 'M')).toThrow(/terminalId/);
    expect(() => toGenerateRequest({ ...base, amountMinor: 1.5 }, 'M')).toThrow(RangeError);
    expect(() => toGenerateRequest({ ...base, partnerReferenceNo: '' }, 'M')).toThrow(
      /partnerReferenceNo/,
    );
    expect(() => toGenerateRequest({ ...base, validUntil: new Date('x') }, 'M')).toThrow(
      /validUntil/,
    );
  });

  it('query sends serviceCode "51" and the merchant id as strings', () => {
    expect(
      toQueryRequest({ originalPartnerReferenceNo: 'p1', originalReferenceNo: 'r1' }, '2997'),
    ).toEqual({
      originalReferenceNo: 'r1',
      originalPartnerReferenceNo: 'p1',
      serviceCode: '51',
      merchantId: '2997',
    });
  });

  it('refund needs a positive amount and a reason', () => {
    expect(
      toRefundRequest(
        {
          originalPartnerReferenceNo: 'p1',
          partnerRefundNo: 'rf1',
          refundAmountMinor: 120000,
          reason: 'customer request',
        },
        '2115',
      ),
    ).toEqual({
      merchantId: '2115',
      originalPartnerReferenceNo: 'p1',
      partnerRefundNo: 'rf1',
      refundAmount: { value: '1200.00', currency: 'IDR' },
      reason: 'customer request',
    });
    const base = { originalPartnerReferenceNo: 'p', partnerRefundNo: 'r', reason: 'x' };
    expect(() => toRefundRequest({ ...base, refundAmountMinor: 0 }, 'M')).toThrow(RangeError);
    expect(() => toRefundRequest({ ...base, refundAmountMinor: 1, reason: '' }, 'M')).toThrow(
      /reason/,
    );
  });

  it('decode sends the scan time in Jakarta time', () => {
    expect(
      toDecodeRequest({
        partnerReferenceNo: 'd1',
        qrContent: '000201',
        scanTime: new Date('2023-11-08T10:38:42Z'),
      }),
    ).toEqual({
      partnerReferenceNo: 'd1',
      qrContent: '000201',
      scanTime: '2023-11-08T17:38:42+07:00',
    });
  });

  it('cancel and payment', () => {
    expect(toCancelRequest({ originalPartnerReferenceNo: 'p1', reason: 'expired' }, 'M')).toEqual({
      originalPartnerReferenceNo: 'p1',
      merchantId: 'M',
      reason: 'expired',
    });
    expect(
      toPaymentRequest({
        partnerReferenceNo: 'p1',
        amountMinor: 120000,
        feeAmountMinor: 50000,
        qrContent: '000201x',
        customerToken: 'c',
      }),
    ).toEqual({
      partnerReferenceNo: 'p1',
      amount: { value: '1200.00', currency: 'IDR' },
      feeAmount: { value: '500.00', currency: 'IDR' },
      additionalInfo: { qrContent: '000201x' },
    });
  });

  it('token grants', () => {
    expect(toB2bTokenRequest()).toEqual({ grantType: 'client_credentials' });
    expect(toB2b2cTokenRequest({ authCode: 'a1' })).toEqual({
      grantType: 'authorization_code',
      authCode: 'a1',
    });
    expect(toB2b2cTokenRequest({ refreshToken: 'r1' })).toEqual({
      grantType: 'refresh_token',
      refreshToken: 'r1',
    });
    expect(() => toB2b2cTokenRequest({} as never)).toThrow(/authCode or refreshToken/);
  });
});
