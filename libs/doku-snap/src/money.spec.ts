import { parseSnapAmount, parseSnapValue, toSnapAmount } from './money.js';

describe('SNAP money boundary', () => {
  it('formats minor units with two decimals', () => {
    expect(toSnapAmount(1000000)).toEqual({ value: '10000.00', currency: 'IDR' });
    expect(toSnapAmount(120025)).toEqual({ value: '1200.25', currency: 'IDR' });
    expect(toSnapAmount(5)).toEqual({ value: '0.05', currency: 'IDR' });
    expect(() => toSnapAmount(1.5)).toThrow(RangeError);
    expect(() => toSnapAmount(-1)).toThrow(RangeError);
  });

  it('parses strings and numbers as DOKU sends them', () => {
    expect(parseSnapValue('10000.00')).toBe(1000000);
    expect(parseSnapValue('10000')).toBe(1000000);
    expect(parseSnapValue('1200.5')).toBe(120050);
    expect(parseSnapValue(1200)).toBe(120000);
    expect(parseSnapValue(1200.25)).toBe(120025);
    expect(parseSnapAmount({ value: 1200, currency: 'IDR' })).toEqual({
      minor: 120000,
      currency: 'IDR',
    });
  });

  it('rejects what is not an amount', () => {
    for (const bad of [
      '',
      '1,000.00',
      '10.001',
      '-5.00',
      'abc',
      null,
      undefined,
      {},
      -1,
      Number.NaN,
      '1e5',
    ]) {
      expect(parseSnapValue(bad)).toBeNull();
    }
    expect(parseSnapAmount({ value: '1.00' })).toBeNull();
    expect(parseSnapAmount('1.00')).toBeNull();
  });
});
