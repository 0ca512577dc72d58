// DOKU retries a failed notification only three times: at +30 min, +6 h and +12 h after the
// first attempt. The time factor shrinks the schedule so tests can watch it in seconds.
export const DOKU_RETRY_OFFSETS_MS = [30 * 60_000, 6 * 3_600_000, 12 * 3_600_000] as const;

/** Offset from the first attempt of retry number `retry` (0-based); undefined when none is left. */
export function retryOffsetMs(retry: number, timeFactor: number): number | undefined {
  const base = DOKU_RETRY_OFFSETS_MS[retry];
  return base === undefined ? undefined : Math.round(base * timeFactor);
}
