import fc from 'fast-check';
import { buildMerchantPan, isLuhnValid, luhnCheckDigit } from './luhn.js';

describe('Luhn check digit', () => {
  it('computes the textbook vectors', () => {
    expect(luhnCheckDigit('7992739871')).toBe('3');
    expect(luhnCheckDigit('0')).toBe('0');
    expect(isLuhnValid('79927398713')).toBe(true);
    expect(isLuhnValid('79927398710')).toBe(false);
    expect(isLuhnValid('4111111111111111')).toBe(true);
  });

  it("validates DOKU's sample merchant PAN: NNS 93600899 + 000000299 + 7", () => {
    expect(isLuhnValid('936008990000002997')).toBe(true);
    expect(buildMerchantPan('93600899', '000000299')).toBe('936008990000002997');
  });

  it('refuses what is not a string of digits', () => {
    expect(isLuhnValid('')).toBe(false);
    expect(isLuhnValid('0')).toBe(false);
    expect(isLuhnValid('7992739871a')).toBe(false);
    expect(isLuhnValid('79927 398713')).toBe(false);
    expect(() => luhnCheckDigit('12a')).toThrow(RangeError);
    expect(() => luhnCheckDigit('')).toThrow(RangeError);
  });

  it('makes any digit string valid, and any single-digit change invalid', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 20 }),
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        (digits, where, delta) => {
          const pan = digits + luhnCheckDigit(digits);
          expect(isLuhnValid(pan)).toBe(true);
          const i = where % pan.length;
          const changed = pan.slice(0, i) + ((Number(pan[i]) + delta) % 10) + pan.slice(i + 1);
          expect(isLuhnValid(changed)).toBe(false);
        },
      ),
    );
  });
});
