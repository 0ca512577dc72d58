import type { DecodedQr, OutcomeMeta, SnapOutcome } from '#doku-snap';
import { parseQris, type Qris } from '#qris';
import { DOKU_SAMPLE } from '../../../test/qris.support.js';
import { dokuDecodeView } from './doku-decode.js';

const ours = (): Qris => {
  const r = parseQris(DOKU_SAMPLE);
  if (!r.ok) throw new Error('fixture does not parse');
  return r.qris;
};
const meta: OutcomeMeta = {
  operation: 'decode',
  externalId: '1',
  attempts: 1,
  httpStatus: 200,
  responseCode: '2004800',
  responseMessage: null,
  replayed: false,
};
const decoded = (over: Partial<DecodedQr> = {}): SnapOutcome<DecodedQr> => ({
  ...meta,
  kind: 'success',
  value: {
    referenceNo: 'ref-1',
    partnerReferenceNo: 'p-1',
    merchantName: 'Green Pages',
    transactionAmount: { minor: 120025, currency: 'IDR' },
    feeAmount: { minor: 50052, currency: 'IDR' },
    pointOfInitiationMethod: '12',
    feeType: '2',
    feeTypeDescription: 'FIX_TIPS',
    additionalInfo: {},
    ...over,
  },
});

describe('dokuDecodeView', () => {
  it('shows DOKU’s answer with no disagreement when it reads the QR as we do', () => {
    expect(dokuDecodeView(ours(), decoded())).toEqual({
      status: 'DECODED',
      referenceNo: 'ref-1',
      merchantName: 'Green Pages',
      amount: 120025,
      feeAmount: 50052,
      initiation: 'dynamic',
      feeType: '2',
      feeTypeDescription: 'FIX_TIPS',
      disagreements: [],
    });
  });

  it('lists each field where DOKU reads the QR differently', () => {
    const view = dokuDecodeView(
      ours(),
      decoded({
        merchantName: 'Other',
        transactionAmount: { minor: 1, currency: 'IDR' },
        pointOfInitiationMethod: '11',
      }),
    );
    expect(view).toMatchObject({
      disagreements: [
        { field: 'merchantName', ours: 'Green Pages', doku: 'Other' },
        { field: 'amount', ours: 120025, doku: 1 },
        { field: 'initiation', ours: 'dynamic', doku: 'static' },
      ],
    });
  });

  it('shows a refusal with DOKU’s code', () => {
    expect(
      dokuDecodeView(ours(), {
        ...meta,
        kind: 'declined',
        reason: 'invalid_field',
        responseCode: '4004801',
        responseMessage: 'Invalid Field Format qrContent',
      }),
    ).toEqual({
      status: 'REFUSED',
      responseCode: '4004801',
      message: 'Invalid Field Format qrContent',
    });
  });

  it('says DOKU was unavailable when no usable answer came', () => {
    expect(
      dokuDecodeView(ours(), { ...meta, kind: 'unknown', reason: 'timeout', detail: null }),
    ).toEqual({ status: 'UNAVAILABLE', outcome: 'unknown:timeout' });
  });
});
