import fc from 'fast-check';
import { buildQris, qrisToBuildInput } from './build.js';
import { luhnCheckDigit } from './luhn.js';
import { parseQris } from './parse.js';
import { QrisBuildError } from './problems.js';
import type { QrisBuildInput } from './types.js';
import { DOKU_SAMPLE, dokuSampleInput } from '../test/fixtures.js';

function codesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof QrisBuildError) return error.problems.map((p) => p.code);
    throw error;
  }
  throw new Error('expected a QrisBuildError');
}

const ans = (min: number, max: number) =>
  fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    minLength: min,
    maxLength: max,
  });
const digits = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
const letters = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: n, maxLength: n });

const account = (tag: string) =>
  fc.record(
    {
      tag: fc.constant(tag),
      gui: fc.string({
        unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ.'),
        minLength: 1,
        maxLength: 32,
      }),
      pan: digits(9, 18).map((d) => d + luhnCheckDigit(d)),
      merchantId: ans(1, 15),
      criteria: fc.constantFrom('UMI', 'UKE', 'UME', 'UBE', 'URE'),
    },
    { requiredKeys: ['tag', 'gui'] },
  );

const tip = fc.oneof(
  fc.constant({ indicator: 'prompt' as const }),
  fc.record({
    indicator: fc.constant('fixed' as const),
    minor: fc.integer({ min: 0, max: 99999999 }),
  }),
  fc.record({
    indicator: fc.constant('percentage' as const),
    percent: fc
      .integer({ min: 1, max: 9999 })
      .map((h) => (h % 100 === 0 ? String(h / 100) : (h / 100).toFixed(2))),
  }),
);

const additionalData = fc.record(
  {
    billNumber: ans(1, 12),
    referenceLabel: ans(1, 12),
    terminalLabel: ans(1, 12),
    purposeOfTransaction: ans(1, 12),
    consumerDataRequest: fc.constantFrom('A', 'ME', 'EAM'),
    templates: fc.uniqueArray(
      fc.record({ id: fc.integer({ min: 50, max: 99 }).map(String), value: ans(1, 24) }),
      { maxLength: 1, selector: (t) => t.id },
    ),
  },
  { requiredKeys: [] },
);

const input: fc.Arbitrary<QrisBuildInput> = fc
  .record(
    {
      initiation: fc.constantFrom('static' as const, 'dynamic' as const),
      merchantAccounts: fc
        .uniqueArray(fc.integer({ min: 26, max: 51 }), { minLength: 1, maxLength: 2 })
        .chain((tags) => fc.tuple(...tags.map((t) => account(String(t))))),
      mcc: digits(4, 4),
      currency: digits(3, 3),
      countryCode: fc.constantFrom('ID', 'SG', 'MY'),
      merchantName: ans(1, 25),
      merchantCity: ans(1, 15),
      postalCode: ans(1, 10),
      amountMinor: fc.integer({ min: 1, max: 999999999999 }),
      tip,
      additionalData,
      language: fc.record(
        {
          preference: fc.constantFrom('ZH', 'JA', 'en'),
          merchantName: fc.string({
            unit: fc.constantFrom(...'绿页東京aé '),
            minLength: 1,
            maxLength: 25,
          }),
          merchantCity: fc.string({
            unit: fc.constantFrom(...'雅加达x'),
            minLength: 1,
            maxLength: 15,
          }),
        },
        { requiredKeys: ['preference', 'merchantName'] },
      ),
      unreserved: fc.uniqueArray(
        fc.record({
          id: fc.integer({ min: 80, max: 99 }).map(String),
          value: fc
            .tuple(letters(8), ans(1, 20))
            .map(([g, v]) => `0008${g}01${String(v.length).padStart(2, '0')}${v}`),
        }),
        { maxLength: 1, selector: (t) => t.id },
      ),
    },
    { requiredKeys: ['initiation', 'merchantAccounts', 'mcc', 'merchantName', 'merchantCity'] },
  )
  .map((x) =>
    (x.countryCode ?? 'ID') === 'ID' && x.postalCode === undefined
      ? { ...x, postalCode: '10110' }
      : x,
  );

/** What parse(build(x)) gives back: defaults filled in, empty additional data dropped. */
function normalised(x: QrisBuildInput): QrisBuildInput {
  const out: QrisBuildInput = {
    ...x,
    currency: x.currency ?? '360',
    countryCode: x.countryCode ?? 'ID',
  };
  if (out.additionalData !== undefined) {
    const { templates, ...named } = out.additionalData;
    const data = templates && templates.length > 0 ? { ...named, templates } : named;
    if (Object.keys(data).length === 0) delete out.additionalData;
    else out.additionalData = data;
  }
  if (out.unreserved?.length === 0) delete out.unreserved;
  return out;
}

describe('buildQris', () => {
  it("reproduces DOKU's sample byte for byte, CRC F6EA included", () => {
    expect(buildQris(dokuSampleInput())).toBe(DOKU_SAMPLE);
  });

  it('gives back what it was given: parse(build(x)) = x', () => {
    fc.assert(
      fc.property(input, (x) => {
        let payload: string;
        try {
          payload = buildQris(x);
        } catch (error) {
          // Random inputs can exceed EMVCo's 512 characters; that refusal is tested below.
          fc.pre(
            !(
              error instanceof QrisBuildError &&
              error.problems.some((p) => p.code === 'PAYLOAD.TOO_LONG')
            ),
          );
          throw error;
        }
        const result = parseQris(payload);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(qrisToBuildInput(result.qris)).toEqual(normalised(x));
        expect(result.qris.amount?.minor).toBe(x.amountMinor);
        expect(buildQris(qrisToBuildInput(result.qris))).toBe(payload);
      }),
      { numRuns: 300 },
    );
  });

  it('writes amounts with two decimals, as DOKU does', () => {
    const payload = buildQris({ ...dokuSampleInput(), amountMinor: 1000000, tip: undefined });
    expect(payload).toContain('540810000.00');
  });

  it('refuses an input that would make an invalid payload, with the parser’s codes', () => {
    const base = dokuSampleInput();
    expect(codesOf(() => buildQris({ ...base, mcc: '54AB' }))).toEqual(['MCC.FORMAT']);
    expect(codesOf(() => buildQris({ ...base, merchantName: 'N'.repeat(26) }))).toEqual([
      'TAG.LENGTH',
    ]);
    expect(codesOf(() => buildQris({ ...base, amountMinor: -1 }))).toEqual(['AMOUNT.FORMAT']);
    expect(codesOf(() => buildQris({ ...base, amountMinor: 0 }))).toEqual(['AMOUNT.ZERO']);
    expect(codesOf(() => buildQris({ ...base, tip: { indicator: 'fixed', minor: 1.5 } }))).toEqual([
      'TIP.FIXED_FORMAT',
    ]);
    expect(
      codesOf(() => buildQris({ ...base, tip: { indicator: 'percentage', percent: '150' } })),
    ).toEqual(['TIP.PERCENT_FORMAT']);
    expect(codesOf(() => buildQris({ ...base, merchantAccounts: [] }))).toEqual([
      'MERCHANT_ACCOUNT.MISSING',
    ]);
    // A PAN without a Luhn digit is DOKU's own form (a warning): it builds.
    expect(
      buildQris({
        ...base,
        merchantAccounts: [{ tag: '26', gui: 'COM.DOKU.WWW', pan: '936008990000002998' }],
      }),
    ).toContain('0118936008990000002998');
    expect(codesOf(() => buildQris({ ...base, postalCode: undefined }))).toEqual(['TAG.MISSING']);
    expect(
      codesOf(() => buildQris({ ...base, additionalData: { billNumber: 'x'.repeat(100) } })),
    ).toEqual(['TAG.LENGTH']);
    expect(codesOf(() => buildQris({ ...base, merchantCity: '' }))).toEqual(['TLV.EMPTY_VALUE']);
  });

  it('refuses a payload longer than 512 characters', () => {
    const unreserved = Array.from({ length: 6 }, (_, i) => ({
      id: String(80 + i),
      value: `0008ABCDEFGH0170${'x'.repeat(70)}`,
    }));
    expect(codesOf(() => buildQris({ ...dokuSampleInput(), unreserved }))).toEqual([
      'PAYLOAD.TOO_LONG',
    ]);
  });
});
