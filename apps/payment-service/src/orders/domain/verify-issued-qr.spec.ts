import { buildMerchantPan, buildQris, DOKU_GUI, DOKU_NNS } from '#qris';
import { verifyIssuedQr } from './verify-issued-qr.js';

const ref = 'a98757c8dbc6434ab5dd4c55d9092d9a';
const SEED_QR =
  '00020101021226530012COM.DOKU.WWW0118936008990000002997020429970303UMI51440014ID.CO.QRIS.WWW0215ID20200622029970303UMI52045411530336054071200.255502025606500.525802ID5911Green Pages6007Jakarta61051312062430703K455032a98757c8dbc6434ab5dd4c55d9092d9a6304F6EA';

function qr(opts: {
  initiation?: 'static' | 'dynamic';
  amountMinor?: number;
  reference?: string;
}): string {
  return buildQris({
    initiation: opts.initiation ?? 'dynamic',
    merchantAccounts: [
      {
        tag: '26',
        gui: DOKU_GUI,
        pan: buildMerchantPan(DOKU_NNS, '000002997'),
        merchantId: '2997',
        criteria: 'UMI',
      },
    ],
    mcc: '5411',
    merchantName: 'Toko Demo',
    merchantCity: 'Jakarta',
    postalCode: '12190',
    amountMinor: opts.amountMinor,
    additionalData: {
      terminalLabel: 'A01',
      templates: [{ id: '50', value: opts.reference ?? ref }],
    },
  });
}

describe('verifyIssuedQr', () => {
  it("accepts DOKU's own sample for its amount and reference", () => {
    expect(verifyIssuedQr(SEED_QR, { amountMinor: 120025, partnerReferenceNo: ref })).toEqual({
      ok: true,
    });
  });

  it('refuses a QR for another amount', () => {
    const r = verifyIssuedQr(qr({ amountMinor: 100000 }), {
      amountMinor: 100001,
      partnerReferenceNo: ref,
    });
    expect(r).toEqual({ ok: false, problems: [expect.stringContaining('differs')] });
  });

  it('refuses a static QR and a QR without amount', () => {
    const r = verifyIssuedQr(qr({ initiation: 'static' }), {
      amountMinor: 100000,
      partnerReferenceNo: ref,
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.join()).toMatch(/static[\s\S]*no amount/);
  });

  it("refuses a QR that names another order's reference", () => {
    const r = verifyIssuedQr(
      qr({ amountMinor: 5000, reference: 'ffffffffffffffffffffffffffffffff' }),
      { amountMinor: 5000, partnerReferenceNo: ref },
    );
    expect(r.ok).toBe(false);
  });

  it('refuses a QR whose CRC is broken', () => {
    const broken = SEED_QR.replace('Green Pages', 'Green Pagez');
    const r = verifyIssuedQr(broken, { amountMinor: 120025, partnerReferenceNo: ref });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.join()).toMatch(/CRC/);
  });
});
