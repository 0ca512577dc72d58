// EMVCo amounts (tags 54 and 56): up to 13 characters, digits with an optional "." and
// decimals. We hold integer minor units with two decimals (IDR sen) and write what DOKU
// writes: always two decimals ("1200.25", "10000.00").

/** Most characters EMVCo allows in tags 54 and 56. */
export const AMOUNT_MAX_LENGTH = 13;

/** `120025` -> `'1200.25'`, `1000000` -> `'10000.00'`. Throws unless a non-negative safe integer. */
export function formatAmount(minor: number): string {
  if (!Number.isSafeInteger(minor) || minor < 0) {
    throw new RangeError(`amount must be a non-negative integer of minor units, got ${minor}`);
  }
  const cents = minor % 100;
  return `${(minor - cents) / 100}.${cents < 10 ? '0' : ''}${cents}`;
}

/**
 * EMVCo amount text -> minor units (`'10000'`, `'10000.5'`, `'1200.25'`); null when it is
 * not digits with an optional "." and at most two decimals, or longer than 13 characters.
 */
export function parseAmount(text: string): number | null {
  return parseAmountRange(text, 0, text.length);
}

/** Like parseAmount over `text[start..end)`, without slicing. */
export function parseAmountRange(text: string, start: number, end: number): number | null {
  const length = end - start;
  if (length <= 0 || length > AMOUNT_MAX_LENGTH) return null;
  let units = 0;
  let i = start;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) break;
    if (c < 48 || c > 57) return null;
    units = units * 10 + (c - 48);
  }
  if (i === start) return null; // ".5": EMVCo wants a digit before the mark
  let cents = 0;
  if (i < end) {
    const decimals = end - i - 1;
    if (decimals < 1 || decimals > 2) return null;
    for (let j = i + 1; j < end; j++) {
      const c = text.charCodeAt(j);
      if (c < 48 || c > 57) return null;
      cents = cents * 10 + (c - 48);
    }
    if (decimals === 1) cents *= 10;
  }
  return units * 100 + cents;
}
