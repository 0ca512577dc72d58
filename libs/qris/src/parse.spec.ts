import { parseQris } from './parse.js';
import type { Qris, QrisParseResult } from './types.js';
import {
  assemble,
  DOKU_PAYMENT_SAMPLE,
  DOKU_SAMPLE,
  dokuSampleTags,
  offsetOf,
  tlv,
} from '../test/fixtures.js';

function parsed(result: QrisParseResult): Qris {
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.code}: ${p.message}`).join('\n'));
  return result.qris;
}

describe('parseQris on DOKU samples', () => {
  it("reads every field of DOKU's qr-mpm-generate sample and finds nothing wrong", () => {
    const result = parseQris(DOKU_SAMPLE);
    expect(result).toMatchObject({ ok: true, warnings: [] });
    const q = parsed(result);
    expect(q).toMatchObject({
      payload: DOKU_SAMPLE,
      formatIndicator: '01',
      initiation: 'dynamic',
      mcc: '5411',
      currency: '360',
      countryCode: 'ID',
      merchantName: 'Green Pages',
      merchantCity: 'Jakarta',
      postalCode: '13120',
      amount: { minor: 120025, text: '1200.25' },
      tip: { indicator: 'fixed', minor: 50052, text: '500.52' },
      nmid: 'ID2020062202997',
      merchantPan: '936008990000002997',
      acquirerGuis: ['COM.DOKU.WWW'],
      crc: 'F6EA',
    });
    expect(q.merchantAccounts).toMatchObject([
      {
        tag: '26',
        gui: 'COM.DOKU.WWW',
        pan: '936008990000002997',
        merchantId: '2997',
        criteria: 'UMI',
      },
      { tag: '51', gui: 'ID.CO.QRIS.WWW', merchantId: 'ID2020062202997', criteria: 'UMI' },
    ]);
    expect(q.additionalData).toMatchObject({
      terminalLabel: 'K45',
      templates: [{ id: '50', value: 'a98757c8dbc6434ab5dd4c55d9092d9a' }],
    });
    expect(q.additionalData?.templates[0].gui).toBeUndefined();
  });

  it('lists every top-level tag in order with its length and offset', () => {
    const q = parsed(parseQris(DOKU_SAMPLE));
    expect(q.tags.map((t) => t.id)).toEqual([
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
    for (const tag of q.tags) {
      expect(DOKU_SAMPLE.slice(tag.offset, tag.offset + 4 + tag.length)).toBe(
        tag.id + String(tag.length).padStart(2, '0') + tag.value,
      );
    }
    const account = q.tags[2];
    expect(account.children?.map((c) => [c.id, c.value, c.offset])).toEqual([
      ['00', 'COM.DOKU.WWW', offsetOf(DOKU_SAMPLE, '0012COM.DOKU')],
      ['01', '936008990000002997', offsetOf(DOKU_SAMPLE, '0118936')],
      ['02', '2997', offsetOf(DOKU_SAMPLE, '02042997')],
      ['03', 'UMI', offsetOf(DOKU_SAMPLE, '0303UMI')],
    ]);
  });

  it('fails the payment sample as printed (missing leading zero) and shows its CRC is for the intended text', () => {
    const result = parseQris(DOKU_PAYMENT_SAMPLE);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.qris).toBeUndefined();
    expect(result.problems.map((p) => [p.code, p.offset])).toEqual([
      ['FORMAT_INDICATOR.VALUE', 0],
      ['TLV.ID', 24],
      ['CRC.MISMATCH', DOKU_PAYMENT_SAMPLE.length - 4],
    ]);
    // Restoring the zero makes it whole: F8EF was computed over the correct text.
    const restored = parsed(parseQris('0' + DOKU_PAYMENT_SAMPLE));
    expect(restored).toMatchObject({ crc: 'F8EF', amount: { minor: 120000, text: '1200.00' } });
    expect(restored.merchantAccounts[0].criteria).toBe('UBE');
  });

  it('fails a payload with one flipped character with the CRC code', () => {
    const at = offsetOf(DOKU_SAMPLE, 'Green') + 1;
    const flipped = DOKU_SAMPLE.slice(0, at) + 'X' + DOKU_SAMPLE.slice(at + 1);
    const result = parseQris(flipped);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      expect.objectContaining({
        code: 'CRC.MISMATCH',
        tag: '63',
        offset: flipped.length - 4,
        severity: 'error',
      }),
    ]);
    expect(result.problems[0].message).toMatch(/^CRC is F6EA, expected [0-9A-F]{4}$/);
    expect(result.qris?.merchantName).toBe('GXeen Pages');
  });

  it('says which CRC was written and which was expected', () => {
    const result = parseQris(DOKU_SAMPLE.slice(0, -4) + 'F6EB');
    expect(result).toMatchObject({
      ok: false,
      problems: [{ code: 'CRC.MISMATCH', message: 'CRC is F6EB, expected F6EA' }],
    });
  });
});

describe('parseQris modes', () => {
  const wrongCrc = DOKU_SAMPLE.slice(0, -4) + 'F6EB';

  it('lenient mode returns a readable payload with its problems as warnings', () => {
    const result = parseQris(wrongCrc, { mode: 'lenient' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.qris.amount?.minor).toBe(120025);
    expect(result.warnings).toEqual([
      expect.objectContaining({ code: 'CRC.MISMATCH', severity: 'warning' }),
    ]);
  });

  it('lenient mode still fails when the structure cannot be read', () => {
    const result = parseQris(DOKU_PAYMENT_SAMPLE, { mode: 'lenient' });
    expect(result.ok).toBe(false);
  });

  it('strict mode returns the readable structure alongside the errors', () => {
    const result = parseQris(wrongCrc);
    expect(result).toMatchObject({ ok: false, qris: { merchantName: 'Green Pages' } });
  });

  it('keeps warnings on a valid payload in strict mode', () => {
    const tags = dokuSampleTags().filter(([id]) => !['54', '55', '56'].includes(id));
    const result = parseQris(assemble(tags));
    expect(result).toMatchObject({
      ok: true,
      warnings: [{ code: 'AMOUNT.MISSING_DYNAMIC', severity: 'warning' }],
    });
  });
});

describe('parseQris templates', () => {
  it('preserves unknown and reserved tags in order', () => {
    const tags = dokuSampleTags();
    tags.splice(14, 0, ['70', 'future'], ['65', 'rfu']);
    const payload = assemble(tags);
    const q = parsed(parseQris(payload));
    expect(q.tags.slice(14, 16)).toMatchObject([
      { id: '70', value: 'future', offset: offsetOf(payload, '7006future') },
      { id: '65', value: 'rfu' },
    ]);
  });

  it('reads the language template 64', () => {
    const tags = dokuSampleTags();
    tags.push(['64', tlv('00', 'ZH') + tlv('01', '绿页') + tlv('02', '雅加达')]);
    const q = parsed(parseQris(assemble(tags)));
    expect(q.language).toEqual({ preference: 'ZH', merchantName: '绿页', merchantCity: '雅加达' });
  });

  it('reads unreserved templates 80-99 with their GUI', () => {
    const tags = dokuSampleTags();
    tags.push(['80', tlv('00', 'COM.EXAMPLE.WWW') + tlv('01', 'POS')]);
    const q = parsed(parseQris(assemble(tags)));
    expect(q.unreserved).toMatchObject([
      { id: '80', gui: 'COM.EXAMPLE.WWW', children: [{ id: '00' }, { id: '01', value: 'POS' }] },
    ]);
  });

  it('reads 62 sub templates 50-99 in the EMVCo shape (GUI in sub 00) as well as raw', () => {
    const tags = dokuSampleTags();
    tags[13] = ['62', tlv('05', 'INV-7') + tlv('51', tlv('00', 'COM.SHOP.WWW') + tlv('01', 'x1'))];
    const q = parsed(parseQris(assemble(tags)));
    expect(q.additionalData).toMatchObject({
      referenceLabel: 'INV-7',
      templates: [
        { id: '51', gui: 'COM.SHOP.WWW', children: [{ id: '00' }, { id: '01', value: 'x1' }] },
      ],
    });
  });

  it('names all of 62 sub 01-11', () => {
    const tags = dokuSampleTags();
    const subs = ['B1', '0812', 'S1', 'L1', 'R1', 'C1', 'T1', 'P1', 'AME', 'TAX1', 'APP'];
    tags[13] = ['62', subs.map((v, i) => tlv(String(i + 1).padStart(2, '0'), v)).join('')];
    const q = parsed(parseQris(assemble(tags)));
    expect(q.additionalData).toMatchObject({
      billNumber: 'B1',
      mobileNumber: '0812',
      storeLabel: 'S1',
      loyaltyNumber: 'L1',
      referenceLabel: 'R1',
      customerLabel: 'C1',
      terminalLabel: 'T1',
      purposeOfTransaction: 'P1',
      consumerDataRequest: 'AME',
      merchantTaxId: 'TAX1',
      merchantChannel: 'APP',
      templates: [],
    });
  });

  it('keeps card-network accounts 02-25 and tells acquirers from the QRIS repository', () => {
    const tags = dokuSampleTags();
    tags.splice(2, 0, ['04', '5413330000000001']);
    const q = parsed(parseQris(assemble(tags)));
    expect(q.networkAccounts).toEqual([{ tag: '04', value: '5413330000000001' }]);
    expect(q.acquirerGuis).toEqual(['COM.DOKU.WWW']);
  });

  it('reads a static QRIS without amount and with a percentage fee', () => {
    const tags = dokuSampleTags().filter(([id]) => id !== '54' && id !== '56');
    tags[1] = ['01', '11'];
    tags.splice(
      tags.findIndex(([id]) => id === '55'),
      1,
      ['55', '03'],
      ['57', '2.5'],
    );
    const q = parsed(parseQris(assemble(tags)));
    expect(q).toMatchObject({
      initiation: 'static',
      tip: { indicator: 'percentage', percent: '2.5' },
    });
    expect(q.amount).toBeUndefined();
  });

  it('reads a prompt tip', () => {
    const tags = dokuSampleTags().filter(([id]) => id !== '56');
    tags[tags.findIndex(([id]) => id === '55')] = ['55', '01'];
    expect(parsed(parseQris(assemble(tags))).tip).toEqual({ indicator: 'prompt' });
  });
});
