// One test per validation rule: each edits DOKU's sample (re-signing it, so the CRC is right
// unless the rule is about the CRC) and asserts the exact problems, codes and offsets.

import { parseQris } from './parse.js';
import { QRIS_PROBLEM_CODES } from './problems.js';
import { assemble, DOKU_SAMPLE, dokuSampleTags, offsetOf, signed, tlv } from '../test/fixtures.js';

type Tags = Array<[string, string]>;

/** The problems of a payload as [code, tag, offset], in the order reported. */
function problems(payload: unknown, mode: 'strict' | 'lenient' = 'strict') {
  const result = parseQris(payload as string, { mode });
  const list = result.ok ? result.warnings : result.problems;
  return list.map((p) => [p.code, p.tag, p.offset]);
}

/** DOKU's sample with `edit` applied to its tag list, signed. */
function edited(edit: (tags: Tags) => void): string {
  const tags = dokuSampleTags();
  edit(tags);
  return assemble(tags);
}

function set(tags: Tags, id: string, value: string): void {
  const i = tags.findIndex(([t]) => t === id);
  if (i < 0) throw new Error(`no tag ${id}`);
  tags[i] = [id, value];
}

function remove(tags: Tags, ...ids: string[]): void {
  for (const id of ids) {
    const i = tags.findIndex(([t]) => t === id);
    if (i < 0) throw new Error(`no tag ${id}`);
    tags.splice(i, 1);
  }
}

const account26 = (pan: string, criteria = 'UMI') =>
  tlv('00', 'COM.DOKU.WWW') + tlv('01', pan) + tlv('02', '2997') + tlv('03', criteria);

const tested = new Set<string>();
function rule(code: keyof typeof QRIS_PROBLEM_CODES, name: string, body: () => void): void {
  tested.add(code);
  it(`${code}: ${name}`, body);
}

describe('QRIS validation rules', () => {
  rule('PAYLOAD.NOT_STRING', 'a non-string is an error value, not an exception', () => {
    expect(problems(42)).toEqual([['PAYLOAD.NOT_STRING', undefined, 0]]);
    expect(problems(null)).toEqual([['PAYLOAD.NOT_STRING', undefined, 0]]);
  });

  rule('PAYLOAD.EMPTY', 'an empty string', () => {
    expect(problems('')).toEqual([['PAYLOAD.EMPTY', undefined, 0]]);
  });

  rule('PAYLOAD.TOO_LONG', 'more than 512 characters, reported at offset 512', () => {
    const payload = edited((t) => {
      for (let id = 80; id < 86; id++)
        t.push([String(id), tlv('00', 'COM.EXAMPLE.WWW') + tlv('01', 'x'.repeat(70))]);
    });
    expect(payload.length).toBeGreaterThan(512);
    expect(problems(payload)).toEqual([['PAYLOAD.TOO_LONG', undefined, 512]]);
    expect(problems('0'.repeat(1_000_000))).toEqual([['PAYLOAD.TOO_LONG', undefined, 512]]);
  });

  rule('PAYLOAD.CHARSET', 'a control or non-ASCII character outside tag 64', () => {
    const payload = edited((t) => set(t, '59', 'Green\tPagés'));
    expect(problems(payload)).toEqual([['PAYLOAD.CHARSET', '59', offsetOf(payload, '\t')]]);
    const inLanguage = edited((t) => t.push(['64', tlv('00', 'ID') + tlv('01', 'Hal\u0007aman')]));
    expect(problems(inLanguage)).toEqual([
      ['PAYLOAD.CHARSET', '64', offsetOf(inLanguage, '\u0007')],
    ]);
  });

  rule('TLV.ID', 'a tag id that is not two digits', () => {
    const payload = DOKU_SAMPLE.replace('5204', 'X204');
    expect(problems(payload)).toEqual([
      ['TLV.ID', undefined, offsetOf(payload, 'X204')],
      ['CRC.MISMATCH', '63', payload.length - 4],
    ]);
  });

  rule('TLV.LENGTH', 'a length that is not two digits', () => {
    const payload = DOKU_SAMPLE.replace('5204', '52A4');
    expect(problems(payload)).toEqual([
      ['TLV.LENGTH', '52', offsetOf(payload, 'A4')],
      ['CRC.MISMATCH', '63', payload.length - 4],
    ]);
  });

  rule('TLV.TRUNCATED', 'a length pointing past the end, or a header cut short', () => {
    const past = DOKU_SAMPLE.replace('5911Green', '5999Green');
    expect(problems(past)).toEqual([
      ['TLV.TRUNCATED', '59', offsetOf(past, '5999')],
      ['CRC.MISMATCH', '63', past.length - 4],
    ]);
    expect(problems('00020101021')).toEqual([['TLV.TRUNCATED', '01', 6]]);
    expect(problems('000201010')).toEqual([['TLV.TRUNCATED', undefined, 6]]);
  });

  rule('TLV.EMPTY_VALUE', 'a data object of length 00, top level or nested', () => {
    const top = edited((t) => set(t, '61', ''));
    expect(problems(top)).toEqual([['TLV.EMPTY_VALUE', '61', offsetOf(top, '6100')]]);
    const nested = edited((t) => set(t, '62', tlv('07', 'K45') + '0500'));
    expect(problems(nested)).toEqual([['TLV.EMPTY_VALUE', '62.05', offsetOf(nested, '0500')]]);
  });

  rule('TAG.DUPLICATE', 'the same id twice in one container', () => {
    const payload = edited((t) => t.splice(5, 0, ['52', '5812']));
    expect(problems(payload)).toEqual([['TAG.DUPLICATE', '52', offsetOf(payload, '52045812')]]);
    const nested = edited((t) => set(t, '62', tlv('07', 'K45') + tlv('07', 'K46')));
    expect(problems(nested)).toEqual([['TAG.DUPLICATE', '62.07', offsetOf(nested, '0703K46')]]);
  });

  rule('TAG.MISSING', 'each mandatory tag, at the offset where it belongs', () => {
    const noMcc = edited((t) => remove(t, '52'));
    expect(problems(noMcc)).toEqual([['TAG.MISSING', '52', offsetOf(noMcc, '5303360')]]);
    const noName = edited((t) => remove(t, '59', '60'));
    expect(problems(noName)).toEqual([
      ['TAG.MISSING', '59', offsetOf(noName, '6105')],
      ['TAG.MISSING', '60', offsetOf(noName, '6105')],
    ]);
    const noPostal = edited((t) => remove(t, '61'));
    expect(problems(noPostal)).toEqual([['TAG.MISSING', '61', offsetOf(noPostal, '6243')]]);
    const noInitiation = edited((t) => remove(t, '01', '54', '55', '56'));
    expect(problems(noInitiation)).toEqual([['TAG.MISSING', '01', 6]]);
    // Postal code is mandatory only in Indonesia.
    expect(problems(edited((t) => (remove(t, '61'), set(t, '58', 'SG'))))).toEqual([]);
  });

  rule('TAG.LENGTH', 'values longer than EMVCo allows', () => {
    const name = edited((t) => set(t, '59', 'G'.repeat(26)));
    expect(problems(name)).toEqual([['TAG.LENGTH', '59', offsetOf(name, '5926')]]);
    const city = edited((t) => set(t, '60', 'J'.repeat(16)));
    expect(problems(city)).toEqual([['TAG.LENGTH', '60', offsetOf(city, '6016')]]);
    const postal = edited((t) => set(t, '61', '1'.repeat(11)));
    expect(problems(postal)).toEqual([['TAG.LENGTH', '61', offsetOf(postal, '6111')]]);
    const amount = edited((t) => set(t, '54', '12345678901.25'));
    expect(problems(amount)).toEqual([['TAG.LENGTH', '54', offsetOf(amount, '5414')]]);
    const label = edited((t) => set(t, '62', tlv('07', 'K'.repeat(26))));
    expect(problems(label)).toEqual([['TAG.LENGTH', '62.07', offsetOf(label, '0726')]]);
    const gui = edited((t) =>
      set(t, '26', tlv('00', 'C'.repeat(33)) + tlv('01', '936008990000002997')),
    );
    expect(problems(gui)).toEqual([['TAG.LENGTH', '26.00', offsetOf(gui, '0033')]]);
    const mid = edited((t) =>
      set(t, '51', tlv('00', 'ID.CO.QRIS.WWW') + tlv('02', 'I'.repeat(16))),
    );
    expect(problems(mid)).toEqual([['TAG.LENGTH', '51.02', offsetOf(mid, '0216')]]);
  });

  rule('FORMAT_INDICATOR.NOT_FIRST', 'tag 00 after another tag', () => {
    const payload = edited((t) => t.splice(0, 2, ['01', '12'], ['00', '01']));
    expect(problems(payload)).toEqual([['FORMAT_INDICATOR.NOT_FIRST', '00', 6]]);
  });

  rule('FORMAT_INDICATOR.VALUE', 'tag 00 other than "01"', () => {
    expect(problems(edited((t) => set(t, '00', '02')))).toEqual([
      ['FORMAT_INDICATOR.VALUE', '00', 0],
    ]);
  });

  rule('INITIATION.VALUE', 'tag 01 other than 11 or 12', () => {
    expect(problems(edited((t) => set(t, '01', '13')))).toEqual([['INITIATION.VALUE', '01', 6]]);
  });

  rule('MERCHANT_ACCOUNT.MISSING', 'no tag in 02-51', () => {
    const payload = edited((t) => remove(t, '26', '51'));
    expect(problems(payload)).toEqual([
      ['MERCHANT_ACCOUNT.MISSING', undefined, offsetOf(payload, '5204')],
    ]);
  });

  rule('MERCHANT_ACCOUNT.GUI_MISSING', 'a 26-51 template without sub 00', () => {
    const payload = edited((t) => set(t, '26', tlv('01', '936008990000002997')));
    expect(problems(payload)).toEqual([['MERCHANT_ACCOUNT.GUI_MISSING', '26', 12]]);
  });

  rule('MERCHANT_ACCOUNT.PAN_FORMAT', 'a PAN that is not 1-19 digits', () => {
    const letters = edited((t) => set(t, '26', account26('93600899000000299X')));
    expect(problems(letters)).toEqual([
      ['MERCHANT_ACCOUNT.PAN_FORMAT', '26.01', offsetOf(letters, '011893600899')],
    ]);
    const long = edited((t) => set(t, '26', account26('93600899000000000000')));
    expect(problems(long)).toEqual([
      ['MERCHANT_ACCOUNT.PAN_FORMAT', '26.01', offsetOf(long, '012093600899')],
    ]);
  });

  rule(
    'MERCHANT_ACCOUNT.PAN_LUHN',
    'a PAN whose last digit is not its Luhn check digit is a warning',
    () => {
      const payload = edited((t) => set(t, '26', account26('936008990000002998')));
      expect(problems(payload)).toEqual([
        ['MERCHANT_ACCOUNT.PAN_LUHN', '26.01', offsetOf(payload, '0118936')],
      ]);
      // DOKU's PAN form (NNS + 10-digit merchant id, no check digit): merchant 2115 fails Luhn
      // and its QR is still valid.
      const doku = parseQris(edited((t) => set(t, '26', account26('936008990000002115'))));
      expect(doku.ok).toBe(true);
      expect(doku.ok && doku.warnings.map((w) => [w.code, w.severity])).toEqual([
        ['MERCHANT_ACCOUNT.PAN_LUHN', 'warning'],
      ]);
      // Merchant account content is the GUI owner's business outside Indonesia.
      expect(
        problems(
          edited((t) => (set(t, '26', account26('936008990000002998')), set(t, '58', 'SG'))),
        ),
      ).toEqual([]);
    },
  );

  rule('MERCHANT_ACCOUNT.CRITERIA', 'criteria other than UMI/UKE/UME/UBE/URE', () => {
    const payload = edited((t) => set(t, '26', account26('936008990000002997', 'UXX')));
    expect(problems(payload)).toEqual([
      ['MERCHANT_ACCOUNT.CRITERIA', '26.03', offsetOf(payload, '0303UXX')],
    ]);
  });

  rule('TEMPLATE.MALFORMED', 'a template whose value is not TLV', () => {
    const payload = edited((t) => set(t, '26', 'COM.DOKU.WWW'));
    expect(problems(payload)).toEqual([
      ['TEMPLATE.MALFORMED', '26', offsetOf(payload, 'COM.DOKU')],
    ]);
    const overrun = edited((t) => set(t, '62', '0799K45'));
    expect(problems(overrun)).toEqual([['TEMPLATE.MALFORMED', '62', offsetOf(overrun, '0799')]]);
    const language = edited((t) => t.push(['64', 'ZH']));
    expect(problems(language)).toEqual([
      ['TEMPLATE.MALFORMED', '64', offsetOf(language, '6402ZH') + 4],
    ]);
  });

  rule('TEMPLATE.GUI_MISSING', 'an unreserved template without a GUI first', () => {
    const payload = edited((t) => t.push(['80', tlv('01', 'POS')]));
    expect(problems(payload)).toEqual([['TEMPLATE.GUI_MISSING', '80', offsetOf(payload, '8007')]]);
  });

  rule('MCC.FORMAT', 'an MCC that is not 4 digits', () => {
    const payload = edited((t) => set(t, '52', '541A'));
    expect(problems(payload)).toEqual([['MCC.FORMAT', '52', offsetOf(payload, '5204541A')]]);
    const short = edited((t) => set(t, '52', '541'));
    expect(problems(short)).toEqual([['MCC.FORMAT', '52', offsetOf(short, '5203541')]]);
  });

  rule('CURRENCY.FORMAT', 'a currency that is not 3 digits', () => {
    const payload = edited((t) => set(t, '53', 'IDR'));
    expect(problems(payload)).toEqual([['CURRENCY.FORMAT', '53', offsetOf(payload, '5303IDR')]]);
  });

  rule('AMOUNT.FORMAT', 'an amount that is not digits with at most 2 decimals', () => {
    for (const bad of ['1,200.00', '12.005', '.5', '5.', '-5', '1e3']) {
      const payload = edited((t) => set(t, '54', bad));
      expect(problems(payload)).toEqual([
        ['AMOUNT.FORMAT', '54', offsetOf(payload, `54${tlv('', bad).slice(0, 2)}${bad}`)],
      ]);
    }
  });

  rule('AMOUNT.ZERO', 'a zero amount', () => {
    const payload = edited((t) => set(t, '54', '0.00'));
    expect(problems(payload)).toEqual([['AMOUNT.ZERO', '54', offsetOf(payload, '54040.00')]]);
  });

  rule('AMOUNT.MISSING_DYNAMIC', 'a dynamic QRIS without an amount is a warning', () => {
    const payload = edited((t) => remove(t, '54'));
    const result = parseQris(payload);
    expect(result.ok).toBe(true);
    expect(problems(payload)).toEqual([['AMOUNT.MISSING_DYNAMIC', '01', 6]]);
    expect(result.ok && result.warnings[0].severity).toBe('warning');
  });

  rule('TIP.INDICATOR', 'tag 55 other than 01/02/03', () => {
    const payload = edited((t) => (set(t, '55', '04'), remove(t, '56')));
    expect(problems(payload)).toEqual([['TIP.INDICATOR', '55', offsetOf(payload, '550204')]]);
  });

  rule('TIP.FIXED_MISSING', '55 = 02 without 56', () => {
    const payload = edited((t) => remove(t, '56'));
    expect(problems(payload)).toEqual([['TIP.FIXED_MISSING', '55', offsetOf(payload, '550202')]]);
  });

  rule('TIP.PERCENT_MISSING', '55 = 03 without 57', () => {
    const payload = edited((t) => (set(t, '55', '03'), remove(t, '56')));
    expect(problems(payload)).toEqual([['TIP.PERCENT_MISSING', '55', offsetOf(payload, '550203')]]);
  });

  rule('TIP.FIXED_FORMAT', 'a fixed fee that is not an amount', () => {
    const payload = edited((t) => set(t, '56', '5OO'));
    expect(problems(payload)).toEqual([['TIP.FIXED_FORMAT', '56', offsetOf(payload, '56035OO')]]);
  });

  rule('TIP.PERCENT_FORMAT', 'a percentage outside 00.01-99.99', () => {
    for (const bad of ['100', '0', '0.00', '2.555', '12.5%', '100.00']) {
      const payload = edited((t) => (set(t, '55', '03'), set(t, '56', '')));
      const withPercent = payload.replace('5600', tlv('57', bad));
      const fixed = signed(withPercent.slice(0, -8));
      expect(problems(fixed)).toEqual([
        ['TIP.PERCENT_FORMAT', '57', offsetOf(fixed, tlv('57', bad))],
      ]);
    }
  });

  rule('TIP.UNEXPECTED', 'a 56 or 57 that its 55 does not call for', () => {
    const payload = edited((t) => set(t, '55', '01'));
    expect(problems(payload)).toEqual([['TIP.UNEXPECTED', '56', offsetOf(payload, '5606')]]);
    const orphan = edited((t) => (remove(t, '55', '56'), t.splice(7, 0, ['57', '5'])));
    expect(problems(orphan)).toEqual([['TIP.UNEXPECTED', '57', offsetOf(orphan, '57015')]]);
  });

  rule('COUNTRY.FORMAT', 'a country that is not two upper-case letters', () => {
    const payload = edited((t) => set(t, '58', 'id'));
    expect(problems(payload)).toEqual([['COUNTRY.FORMAT', '58', offsetOf(payload, '5802id')]]);
  });

  rule('ADDITIONAL_DATA.CONSUMER_REQUEST', '62.09 outside A, M, E', () => {
    const payload = edited((t) => set(t, '62', tlv('09', 'AA')));
    expect(problems(payload)).toEqual([
      ['ADDITIONAL_DATA.CONSUMER_REQUEST', '62.09', offsetOf(payload, '0902AA')],
    ]);
  });

  rule('LANGUAGE.PREFERENCE', 'a 64 without a two-letter language', () => {
    const payload = edited((t) => t.push(['64', tlv('00', 'ZHO') + tlv('01', 'Lv')]));
    expect(problems(payload)).toEqual([
      ['LANGUAGE.PREFERENCE', '64.00', offsetOf(payload, '0003ZHO')],
    ]);
  });

  rule('LANGUAGE.NAME_MISSING', 'a 64 without an alternate name', () => {
    const payload = edited((t) => t.push(['64', tlv('00', 'ZH')]));
    expect(problems(payload)).toEqual([['LANGUAGE.NAME_MISSING', '64', offsetOf(payload, '6406')]]);
  });

  rule('CRC.MISSING', 'no tag 63', () => {
    const body = DOKU_SAMPLE.slice(0, -8);
    expect(problems(body)).toEqual([['CRC.MISSING', '63', body.length]]);
  });

  rule('CRC.NOT_LAST', 'a tag after 63', () => {
    const payload = DOKU_SAMPLE + '6503abc';
    expect(problems(payload)).toEqual([['CRC.NOT_LAST', '63', DOKU_SAMPLE.length - 8]]);
  });

  rule('CRC.FORMAT', 'a CRC that is not four upper-case hex digits', () => {
    const at = DOKU_SAMPLE.length - 8;
    expect(problems(DOKU_SAMPLE.slice(0, -4) + 'f6ea')).toEqual([['CRC.FORMAT', '63', at]]);
    expect(problems(DOKU_SAMPLE.slice(0, -4) + 'G6EA')).toEqual([['CRC.FORMAT', '63', at]]);
    expect(problems(DOKU_SAMPLE.slice(0, -8) + '6305F6EA0')).toEqual([['CRC.FORMAT', '63', at]]);
  });

  rule('CRC.MISMATCH', 'a CRC that does not match', () => {
    expect(problems(DOKU_SAMPLE.slice(0, -4) + 'F6EB')).toEqual([
      ['CRC.MISMATCH', '63', DOKU_SAMPLE.length - 4],
    ]);
  });

  it('has a test for every problem code', () => {
    expect([...tested].sort()).toEqual(Object.keys(QRIS_PROBLEM_CODES).sort());
  });

  it('reports every problem at an offset inside the payload (or at its end)', () => {
    const payload = edited((t) => (set(t, '52', 'ABCD'), set(t, '58', 'id'), remove(t, '60')));
    const result = parseQris(payload);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.code)).toEqual([
      'MCC.FORMAT',
      'COUNTRY.FORMAT',
      'TAG.MISSING',
    ]);
    for (const p of result.problems) {
      expect(p.offset).toBeGreaterThanOrEqual(0);
      expect(p.offset).toBeLessThanOrEqual(payload.length);
      expect(p.message.length).toBeGreaterThan(10);
    }
  });
});
