// CSV for finance staff's spreadsheets (RFC 4180: comma, CRLF, quotes doubled), safe to open:
// a text cell that starts like a formula is prefixed with an apostrophe (OWASP "CSV
// injection"), so `=HYPERLINK(…)` in a merchant reference or a refund reason stays text.

export type Cell = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: numbers as they are, text guarded against formulas and quoted when needed. */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole document: the header row, then one row per record, each line ending CRLF. */
export function csvDocument(header: readonly string[], records: readonly Cell[][]): string {
  return [header, ...records].map((r) => `${r.map(csvCell).join(',')}\r\n`).join('');
}

/** Minor units (sen) as rupiah with two decimals, for a spreadsheet: 1500050 -> "15000.50". */
export function rupiahDecimal(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
