// Luhn (mod 10) check digit, as QRIS uses for the merchant PAN: NNS + merchant digits +
// check digit (DOKU's NNS is 93600899).

function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

// Sum of the digits of `digits` with every second digit doubled, counting from the right;
// `doubleFirst` says whether the right-most digit is doubled.
function luhnSum(digits: string, doubleFirst: boolean): number {
  let sum = 0;
  let double = doubleFirst;
  for (let i = digits.length - 1; i >= 0; i--) {
    let n = digits.charCodeAt(i) - 48;
    if (double) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
    double = !double;
  }
  return sum;
}

/** The Luhn check digit to append to `digits` (`'7992739871'` -> `'3'`). Throws on non-digits. */
export function luhnCheckDigit(digits: string): string {
  if (!isDigits(digits)) throw new RangeError(`Luhn input must be decimal digits, got "${digits}"`);
  return String((10 - (luhnSum(digits, true) % 10)) % 10);
}

/** Whether the last digit of `digits` is the Luhn check digit of the rest; false for non-digits. */
export function isLuhnValid(digits: string): boolean {
  return digits.length >= 2 && isDigits(digits) && luhnSum(digits, false) % 10 === 0;
}

/** Merchant PAN = NNS + merchant digits + Luhn check digit (`'93600899', '000000299'` -> `'936008990000002997'`). */
export function buildMerchantPan(nns: string, merchantDigits: string): string {
  const body = nns + merchantDigits;
  return body + luhnCheckDigit(body);
}
