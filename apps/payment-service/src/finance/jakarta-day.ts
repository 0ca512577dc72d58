// Finance reads days in Jakarta time (WIB, UTC+7, no daylight saving): DOKU's settlement
// report and the shop's books cut the day at Jakarta midnight, not UTC midnight.

const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The instants [from, to) of Jakarta days `first`..`last` (YYYY-MM-DD, inclusive). */
export function jakartaDays(first: string, last = first): { from: Date; to: Date } {
  return { from: new Date(midnight(first)), to: new Date(midnight(last) + DAY_MS) };
}

/** Today's date in Jakarta, YYYY-MM-DD. */
export function jakartaToday(now = new Date()): string {
  return new Date(now.getTime() + WIB_OFFSET_MS).toISOString().slice(0, 10);
}

/** An instant as Jakarta local time, `YYYY-MM-DD HH:MM:SS` (how DOKU's reports show times). */
export function jakartaTime(d: Date | null): string | null {
  return d
    ? new Date(d.getTime() + WIB_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ')
    : null;
}

function midnight(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return Date.UTC(y, m - 1, d) - WIB_OFFSET_MS;
}
