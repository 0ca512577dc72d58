import { parseQris } from '#qris';
import { resolveOptions } from '../config/simulator-options.js';
import { dokuMerchantPan, merchantDigits, QrContentFactory } from './qr-content.factory.js';
import { generateKeyPairSync } from 'node:crypto';

describe('QrContentFactory', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const options = resolveOptions({
    clients: [
      {
        clientId: 'c',
        clientSecret: 's',
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      },
    ],
    dokuPrivateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    merchant: {
      merchantId: '2997',
      name: 'Green Pages',
      city: 'Jakarta',
      postalCode: '13120',
      nmid: 'ID2020062202997',
    },
  });

  it('derives ten merchant digits from numeric and other merchant ids', () => {
    expect(merchantDigits('2997')).toBe('0000002997');
    expect(merchantDigits('1234567890')).toBe('1234567890');
    expect(merchantDigits('MALL-42')).toBe('0000000042');
    expect(merchantDigits('ABC')).toMatch(/^\d{10}$/);
    expect(merchantDigits('ABC')).toBe(merchantDigits('ABC'));
    expect(merchantDigits('12345678901')).toMatch(/^\d{10}$/);
  });

  it("makes DOKU's PAN: NNS 93600899 + the 10-digit merchant id, no check digit", () => {
    expect(dokuMerchantPan('2997')).toBe('936008990000002997');
    // Not Luhn-valid, and not given a check digit: DOKU's form.
    expect(dokuMerchantPan('2115')).toBe('936008990000002115');
  });

  it("builds DOKU's layout: the sample's tags in the sample's order", () => {
    const qr = new QrContentFactory(options).build({
      merchantId: '2997',
      partnerReferenceNo: 'a98757c8',
      terminalId: 'K45',
      amountMinor: 120_025,
      fee: { type: 2, minor: 50_052 },
    });
    expect(qr).toMatch(
      /^00020101021226530012COM\.DOKU\.WWW0118936008990000002997020429970303UMI51440014ID\.CO\.QRIS\.WWW0215ID20200622029970303UMI/,
    );
    const parsed = parseQris(qr);
    if (!parsed.ok) throw new Error('invalid');
    expect(parsed.qris.merchantPan).toBe('936008990000002997');
    expect(parsed.qris.tags.map((t) => t.id)).toEqual([
      '00',
      '01',
      '26',
      '51',
      '52',
      '53',
      '54',
      '55',
      '56',
      '58',
      '59',
      '60',
      '61',
      '62',
      '63',
    ]);
    expect(qr).toContain('54071200.255502025606500.52');
    expect(qr).toContain('62190703K455008a98757c8');
  });
});
