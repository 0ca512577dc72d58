// Tolerant readers for DOKU's JSON: ids may come as numbers, amounts as numbers or
// strings, codes as numbers. Strict where it matters: a field that is present but garbled
// is a problem (never silently dropped), and a required field must be present.
import { parseSnapAmount } from '../money.js';
import { parseSnapTimestamp } from '../timestamp.js';

export interface Money {
  /** Integer minor units (IDR sen). */
  minor: number;
  currency: string;
}

export type ParseResult<T> =
  | { ok: true; value: T }
  /** `inconsistent`: well-formed, but about another request (an echoed id differs). */
  | { ok: false; problem: string; inconsistent?: boolean };

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Reads fields of one object and remembers the first problem (a field name and what was
 * wrong, never the value: values may be tokens).
 */
export class FieldReader {
  constructor(
    private readonly source: JsonObject,
    private readonly prefix = '',
    /** Shared with nested readers, so the first problem anywhere wins. */
    private readonly sink: { problem: string | null } = { problem: null },
  ) {}

  get problem(): string | null {
    return this.sink.problem;
  }

  private fail(key: string, what: string): void {
    this.sink.problem ??= `${this.prefix}${key} ${what}`;
  }

  private has(key: string): boolean {
    return this.source[key] !== undefined && this.source[key] !== null;
  }

  /** A string, or a finite number turned into one; null when absent. */
  optString(key: string, opts: { trim?: boolean } = {}): string | null {
    if (!this.has(key)) return null;
    const v = this.source[key];
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    if (typeof v !== 'string') {
      this.fail(key, 'is not a string');
      return null;
    }
    return opts.trim ? v.trim() : v;
  }

  /** Like optString, but absent or empty is a problem. */
  reqString(key: string, opts: { trim?: boolean } = {}): string {
    const v = this.optString(key, opts);
    if (v === null || v.trim() === '') {
      if (this.problem === null) this.fail(key, 'is missing');
      return '';
    }
    return v;
  }

  /** A two-digit status code sent as `"00"` or `0`. */
  reqTwoDigits(key: string): string {
    const v = this.source[key];
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 99) {
      return String(v).padStart(2, '0');
    }
    if (typeof v === 'string' && /^\d{1,2}$/.test(v.trim())) return v.trim().padStart(2, '0');
    this.fail(key, v === undefined || v === null ? 'is missing' : 'is not a two-digit code');
    return '';
  }

  optAmount(key: string): Money | null {
    if (!this.has(key)) return null;
    const money = parseSnapAmount(this.source[key]);
    if (!money) this.fail(key, 'is not an amount');
    return money;
  }

  reqAmount(key: string): Money {
    const money = this.optAmount(key);
    if (!money) {
      if (this.problem === null) this.fail(key, 'is missing');
      return { minor: 0, currency: '' };
    }
    return money;
  }

  optTimestamp(key: string): Date | null {
    if (!this.has(key)) return null;
    const date = parseSnapTimestamp(this.source[key]);
    if (!date) this.fail(key, 'is not an ISO-8601 timestamp with offset');
    return date;
  }

  /** A nested object; `{}` when absent, a problem when present and not an object. */
  object(key: string): JsonObject {
    if (!this.has(key)) return {};
    const v = this.source[key];
    if (!isJsonObject(v)) {
      this.fail(key, 'is not an object');
      return {};
    }
    return v;
  }

  /** A reader over a nested object whose problems count as this one's. */
  nested(key: string): FieldReader {
    return new FieldReader(this.object(key), `${this.prefix}${key}.`, this.sink);
  }

  result<T>(value: T): ParseResult<T> {
    return this.problem === null ? { ok: true, value } : { ok: false, problem: this.problem };
  }
}
