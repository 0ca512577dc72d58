import fc from 'fast-check';
import { formatAmount, parseAmount } from './amount.js';

describe('EMVCo amounts', () => {
  it("formats minor units the way DOKU's sample writes them", () => {
    expect(formatAmount(120025)).toBe('1200.25');
    expect(formatAmount(1000000)).toBe('10000.00');
    expect(formatAmount(50052)).toBe('500.52');
    expect(formatAmount(5)).toBe('0.05');
    expect(formatAmount(0)).toBe('0.00');
  });

  it('refuses what is not a non-negative integer of minor units', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      expect(() => formatAmount(bad)).toThrow(RangeError);
    }
  });

  it('parses any valid EMVCo amount into minor units', () => {
    expect(parseAmount('10000')).toBe(1000000);
    expect(parseAmount('10000.5')).toBe(1000050);
    expect(parseAmount('1200.25')).toBe(120025);
    expect(parseAmount('0.01')).toBe(1);
    expect(parseAmount('9999999999.99')).toBe(999999999999);
  });

  it('rejects what is not an amount', () => {
    for (const bad of [
      '',
      '.5',
      '5.',
      '1,000',
      '10.001',
      '-5',
      '+5',
      '1e5',
      ' 5',
      '5 ',
      '1.2.3',
      '12345678901234',
    ]) {
      expect(parseAmount(bad)).toBeNull();
    }
  });

  it('round-trips every amount that fits in 13 characters', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999999999999 }), (minor) => {
        expect(parseAmount(formatAmount(minor))).toBe(minor);
      }),
    );
  });
});
