import { buildQris } from './build.js';
import { crc16ccitt } from './crc16.js';
import { toDynamicQris } from './dynamic.js';
import { parseQris } from './parse.js';
import { QrisBuildError } from './problems.js';
import type { Qris } from './types.js';
import { assemble, DOKU_SAMPLE, dokuSampleInput, dokuSampleTags } from '../test/fixtures.js';

function read(payload: string): Qris {
  const result = parseQris(payload);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('; '));
  return result.qris;
}

// A printed merchant QRIS: static, no amount, an unknown reserved tag 70 kept for later.
const STATIC = assemble([
  ...dokuSampleTags()
    .filter(([id]) => !['54', '55', '56', '61', '62'].includes(id))
    .map(([id, value]): [string, string] => (id === '01' ? ['01', '11'] : [id, value])),
  ['61', '13120'],
  ['70', 'keep-me'],
]);

describe('toDynamicQris', () => {
  it('turns a static QRIS into a dynamic one for the amount, keeping every other tag as it was', () => {
    expect(read(STATIC).initiation).toBe('static');
    const dynamic = toDynamicQris(STATIC, 1500000);
    const q = read(dynamic);
    expect(q).toMatchObject({
      initiation: 'dynamic',
      amount: { minor: 1500000, text: '15000.00' },
    });
    expect(dynamic.slice(-4)).toBe(crc16ccitt(dynamic.slice(0, -4)));
    const before = read(STATIC).tags.filter((t) => !['01', '63'].includes(t.id));
    const after = q.tags.filter((t) => !['01', '54', '63'].includes(t.id));
    expect(after.map((t) => [t.id, t.value])).toEqual(before.map((t) => [t.id, t.value]));
    // The amount sits in ascending order: right after the currency (53).
    expect(q.tags.map((t) => t.id)).toEqual([
      '00',
      '01',
      '26',
      '51',
      '52',
      '53',
      '54',
      '58',
      '59',
      '60',
      '61',
      '70',
      '63',
    ]);
  });

  it('writes the fee rule it is given, or keeps, or removes the existing one', () => {
    const withFee = toDynamicQris(STATIC, 10000, { tip: { indicator: 'fixed', minor: 50000 } });
    expect(read(withFee).tip).toEqual({ indicator: 'fixed', minor: 50000, text: '500.00' });
    const percent = toDynamicQris(withFee, 20000, {
      tip: { indicator: 'percentage', percent: '0.7' },
    });
    expect(read(percent).tip).toEqual({ indicator: 'percentage', percent: '0.7' });
    expect(read(percent).tags.filter((t) => t.id === '56')).toEqual([]);
    expect(read(toDynamicQris(withFee, 30000)).tip).toEqual({
      indicator: 'fixed',
      minor: 50000,
      text: '500.00',
    });
    expect(read(toDynamicQris(withFee, 30000, { tip: null })).tip).toBeUndefined();
  });

  it('replaces the amount of a QRIS that is already dynamic', () => {
    const q = read(toDynamicQris(DOKU_SAMPLE, 999));
    expect(q.amount).toEqual({ minor: 999, text: '9.99' });
    expect(q.tip).toEqual({ indicator: 'fixed', minor: 50052, text: '500.52' });
    expect(q.additionalData?.templates[0].value).toBe('a98757c8dbc6434ab5dd4c55d9092d9a');
  });

  it('matches what buildQris makes from the same description', () => {
    const staticInput = {
      ...dokuSampleInput(),
      initiation: 'static' as const,
      amountMinor: undefined,
    };
    const converted = toDynamicQris(buildQris(staticInput), 120025);
    expect(converted).toBe(
      buildQris({ ...staticInput, initiation: 'dynamic', amountMinor: 120025 }),
    );
  });

  it('refuses an invalid QRIS unless asked to be lenient', () => {
    const broken = STATIC.slice(0, -4) + (STATIC.endsWith('0000') ? '0001' : '0000');
    expect(() => toDynamicQris(broken, 1000)).toThrow(QrisBuildError);
    try {
      toDynamicQris(broken, 1000);
    } catch (error) {
      expect((error as QrisBuildError).problems.map((p) => p.code)).toEqual(['CRC.MISMATCH']);
    }
    expect(read(toDynamicQris(broken, 1000, { mode: 'lenient' })).amount?.minor).toBe(1000);
    expect(() => toDynamicQris('not a qris', 1000, { mode: 'lenient' })).toThrow(QrisBuildError);
  });

  it('refuses an amount that is not a positive integer of minor units', () => {
    expect(() => toDynamicQris(STATIC, -5)).toThrow(QrisBuildError);
    expect(() => toDynamicQris(STATIC, 12.5)).toThrow(QrisBuildError);
    expect(() => toDynamicQris(STATIC, 0)).toThrow(QrisBuildError);
  });
});
