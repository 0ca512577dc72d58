// X-EXTERNAL-ID: SNAP wants a numeric string of at most 36 characters, unique per partner
// per day (a same-day reuse is 409xx00). DOKU's Node SDK sends 50 non-numeric characters;
// we send `yyyyMMdd` (Jakarta date) + 16 random digits drawn once per process + a
// 12-digit counter = 36 digits. The random part keeps ids unique across restarts and
// replicas, the counter within the process. A retry of the same request reuses its id.
import type { Clock, RandomSource } from './ports.js';

export const EXTERNAL_ID_MAX_LENGTH = 36;
const JAKARTA_OFFSET_MS = 7 * 3600 * 1000;
const COUNTER_DIGITS = 12;
const PROCESS_DIGITS = 16;

export interface ExternalIdSource {
  next(): string;
}

/** True when the value is a usable X-EXTERNAL-ID: 1–36 ASCII digits. */
export function isValidExternalId(value: unknown): value is string {
  return typeof value === 'string' && /^\d{1,36}$/.test(value);
}

/** Jakarta calendar date `yyyyMMdd` of an instant. */
export function jakartaDate(epochMs: number): string {
  return new Date(epochMs + JAKARTA_OFFSET_MS).toISOString().slice(0, 10).replaceAll('-', '');
}

/** Generates date + per-process random + counter ids. */
export class ExternalIdGenerator implements ExternalIdSource {
  private readonly processPart: string;
  private counter = 0;

  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    random: Pick<RandomSource, 'digits'>,
  ) {
    this.processPart = random.digits(PROCESS_DIGITS);
    if (!/^\d{16}$/.test(this.processPart)) {
      throw new Error('RandomSource.digits must return the requested number of decimal digits');
    }
  }

  next(): string {
    this.counter = (this.counter + 1) % 10 ** COUNTER_DIGITS;
    const counter = this.counter.toString().padStart(COUNTER_DIGITS, '0');
    return `${jakartaDate(this.clock.now())}${this.processPart}${counter}`;
  }
}
