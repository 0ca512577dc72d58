import {
  BROKEN_CRC,
  BROKEN_TLV,
  DOKU_PAYMENT_SAMPLE,
  DOKU_PAYMENT_SAMPLE_RESTORED,
  DOKU_SAMPLE,
  LONG_NAME,
  MISSING_COUNTRY,
  TRAILING_SPACE,
} from '../../../test/qris.support.js';
import { decodeQrisPayload, isHardProblem } from './decode-verdict.js';

describe('decodeQrisPayload', () => {
  it.each([
    ['generate/decode sample', DOKU_SAMPLE],
    ['payment sample with its leading 0 restored', DOKU_PAYMENT_SAMPLE_RESTORED],
  ])('decodes DOKU’s %s without warnings', (_, payload) => {
    const v = decodeQrisPayload(payload);
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.warnings).toEqual([]);
    expect(v.qris.merchantName).toBe('Green Pages');
  });

  it('decodes a 26-character merchant name with a TAG.LENGTH warning at tag 59', () => {
    const v = decodeQrisPayload(LONG_NAME);
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.warnings).toEqual([
      expect.objectContaining({
        code: 'TAG.LENGTH',
        tag: '59',
        offset: LONG_NAME.indexOf('5926'),
        severity: 'warning',
      }),
    ]);
  });

  it('decodes a trailing space in the city with a TEXT.WHITESPACE warning at tag 60', () => {
    const v = decodeQrisPayload(TRAILING_SPACE);
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.warnings).toEqual([
      expect.objectContaining({
        code: 'TEXT.WHITESPACE',
        tag: '60',
        offset: TRAILING_SPACE.indexOf('6008Jakarta '),
      }),
    ]);
  });

  it('removes whitespace around the payload with a PAYLOAD.TRIMMED warning', () => {
    const v = decodeQrisPayload(`  ${DOKU_SAMPLE}\n`);
    expect(v).toMatchObject({ ok: true, payload: DOKU_SAMPLE });
    if (!v.ok) return;
    expect(v.warnings.map((w) => w.code)).toEqual(['PAYLOAD.TRIMMED']);
  });

  it('refuses a broken CRC with CRC.MISMATCH at the CRC’s offset', () => {
    const v = decodeQrisPayload(BROKEN_CRC);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.problems).toEqual([
      expect.objectContaining({
        code: 'CRC.MISMATCH',
        tag: '63',
        offset: BROKEN_CRC.length - 4,
        severity: 'error',
      }),
    ]);
  });

  it('refuses a broken TLV structure with TLV.TRUNCATED where it breaks', () => {
    const v = decodeQrisPayload(BROKEN_TLV);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.problems).toContainEqual(
      expect.objectContaining({
        code: 'TLV.TRUNCATED',
        tag: '59',
        offset: BROKEN_TLV.indexOf('5999'),
        severity: 'error',
      }),
    );
  });

  it('refuses a missing mandatory tag with TAG.MISSING where it belongs', () => {
    const v = decodeQrisPayload(MISSING_COUNTRY);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.problems).toContainEqual(
      expect.objectContaining({
        code: 'TAG.MISSING',
        tag: '58',
        offset: MISSING_COUNTRY.indexOf('5911'),
        severity: 'error',
      }),
    );
  });

  it('refuses DOKU’s payment sample as printed (its leading 0 is missing)', () => {
    const v = decodeQrisPayload(DOKU_PAYMENT_SAMPLE);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.problems.map((p) => p.code)).toEqual(
      expect.arrayContaining(['FORMAT_INDICATOR.VALUE', 'CRC.MISMATCH']),
    );
  });

  it.each(['', '   ', 'hello', '0'.repeat(600)])('refuses %p without throwing', (payload) => {
    expect(decodeQrisPayload(payload).ok).toBe(false);
  });
});

describe('isHardProblem', () => {
  it.each(['CRC.MISMATCH', 'TLV.TRUNCATED', 'TLV.ID', 'TAG.MISSING', 'PAYLOAD.EMPTY'])(
    '%s is an error',
    (code) => expect(isHardProblem(code)).toBe(true),
  );
  it.each(['TAG.LENGTH', 'MERCHANT_ACCOUNT.PAN_LUHN', 'AMOUNT.MISSING_DYNAMIC', 'COUNTRY.FORMAT'])(
    '%s is a warning',
    (code) => expect(isHardProblem(code)).toBe(false),
  );
});
