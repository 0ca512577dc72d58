// X-TIMESTAMP: SNAP wants `yyyy-MM-ddTHH:mm:ss+07:00`. We send Jakarta time and accept
// `Z`, any offset and fractional seconds when verifying.

const JAKARTA_OFFSET_MS = 7 * 3600 * 1000;
const SNAP_TS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/;

/** Formats a Date as SNAP's X-TIMESTAMP in Jakarta time, e.g. `2020-12-21T14:56:11+07:00`. */
export function formatSnapTimestamp(date: Date): string {
  const local = new Date(date.getTime() + JAKARTA_OFFSET_MS);
  return `${local.toISOString().slice(0, 19)}+07:00`;
}

/** Parses a SNAP/ISO-8601 timestamp with an explicit offset; null when it is not one. */
export function parseSnapTimestamp(value: unknown): Date | null {
  if (typeof value !== 'string' || value.length > 40) return null;
  const m = SNAP_TS.exec(value);
  if (!m) return null;
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** True when the timestamp parses and lies within ±windowMs of now. */
export function isTimestampWithinWindow(
  value: unknown,
  now: Date,
  windowMs = 5 * 60 * 1000,
): boolean {
  const d = parseSnapTimestamp(value);
  return d !== null && Math.abs(d.getTime() - now.getTime()) <= windowMs;
}
