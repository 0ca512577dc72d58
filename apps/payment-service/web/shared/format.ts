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

/** Local date and time, to the second (the audit trail's resolution). */
export function when(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
