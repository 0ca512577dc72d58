// Money and times as finance staff read them. Amounts are integer minor units (sen).

/** 1500000 -> "Rp 15.000"; 1500050 -> "Rp 15.000,50" (Indonesian grouping, sen only when any). */
export function rupiah(minor: number): string {
  const negative = minor < 0;
  const abs = Math.abs(minor);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const sen = abs % 100;
  return `${negative ? '-' : ''}Rp ${whole}${sen ? `,${String(sen).padStart(2, '0')}` : ''}`;
}

/** "Rp 15.000 (1500000 sen)": the rupiah beside the minor units the API speaks. */
export function money(minor: number): string {
  return `${rupiah(minor)} (${minor} sen)`;
}

/** Whole rupiah typed by a person -> minor units; null when it is not a number. */
export function parseRupiah(text: string): number | null {
  const cleaned = text
    .replace(/^\s*Rp\s*/i, '')
    .replace(/\./g, '')
    .replace(',', '.')
    .trim();
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  return Math.round(Number(cleaned) * 100);
}

/**
 * Date and time in Jakarta (WIB, UTC+7, no daylight saving), to the second (the audit
 * trail's resolution), labelled: the Finance page's days are Jakarta days too, so a time
 * shown anywhere in the console reads the same way whatever the browser's own zone.
 */
export function when(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(new Date(iso).getTime() + 7 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} WIB`;
}
