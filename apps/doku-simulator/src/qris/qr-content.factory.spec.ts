import { isLuhnValid, parseQris } from '#qris';
import { resolveOptions } from '../config/simulator-options.js';
import { merchantDigits, QrContentFactory } from './qr-content.factory.js';
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

  it('derives nine merchant digits from numeric and other merchant ids', () => {
    expect(merchantDigits('2997')).toBe('000002997');
    expect(merchantDigits('MALL-42')).toBe('000000042');
    expect(merchantDigits('ABC')).toMatch(/^\d{9}$/);
    expect(merchantDigits('ABC')).toBe(merchantDigits('ABC'));
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
      /^00020101021226530012COM\.DOKU\.WWW011893600899000002997\d020429970303UMI51440014ID\.CO\.QRIS\.WWW0215ID20200622029970303UMI/,
    );
    const parsed = parseQris(qr);
    if (!parsed.ok) throw new Error('invalid');
    expect(isLuhnValid(parsed.qris.merchantPan!)).toBe(true);
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
