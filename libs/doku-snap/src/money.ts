// Money crosses the DOKU boundary here and only here: our side speaks integer minor units
// (IDR sen), the wire speaks `{"value":"10000.00","currency":"IDR"}`. DOKU's own samples
// also send numbers (`"value": 1200`), so parsing accepts both.

export interface SnapAmount {
  value: string;
  currency: string;
}

/** Minor units -> SNAP amount with two decimals as a string (`1000000` -> `"10000.00"`). */
export function toSnapAmount(minor: number, currency = 'IDR'): SnapAmount {
  if (!Number.isSafeInteger(minor) || minor < 0)
    throw new RangeError(`amount must be a non-negative integer of minor units, got ${minor}`);
  const units = Math.floor(minor / 100);
  const cents = minor % 100;
  return { value: `${units}.${cents.toString().padStart(2, '0')}`, currency };
}

const DECIMAL = /^(\d{1,16})(?:\.(\d{1,2}))?$/;

/** SNAP value (`"10000.00"`, `"10000"`, `10000`, `1200.5`) -> minor units; null when it is not an amount. */
export function parseSnapValue(value: unknown): number | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return null;
    text = value.toFixed(2);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return null;
  }
  const m = DECIMAL.exec(text);
  if (!m) return null;
  const minor = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(minor) ? minor : null;
}

/** Reads `{value, currency}` into minor units; null when either part is missing or malformed. */
export function parseSnapAmount(amount: unknown): { minor: number; currency: string } | null {
  if (!amount || typeof amount !== 'object') return null;
  const { value, currency } = amount as { value?: unknown; currency?: unknown };
  const minor = parseSnapValue(value);
  if (minor === null || typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) return null;
  return { minor, currency };
}
