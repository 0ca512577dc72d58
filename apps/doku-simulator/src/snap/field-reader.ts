// Reads a SNAP request body field by field. The first problem becomes the answer:
// 400xx02 "Invalid Mandatory Field {field}" when a required field is missing or empty,
// 400xx01 "Invalid Field Format {field}" when it is there but malformed. DOKU's samples send
// some strings as numbers (`"merchantId": 2115`, `"serviceCode": 51`): accepted.
import { parseSnapValue, parseSnapTimestamp, type SnapOperation } from '#doku-snap';
import { SnapErrors, type SnapReply } from './snap-reply.js';

interface StringRule {
  max?: number;
  min?: number;
  pattern?: RegExp;
}

export class FieldReader {
  failure: SnapReply | null = null;

  constructor(
    private readonly op: SnapOperation,
    private readonly body: Record<string, unknown>,
  ) {}

  /** The value at a dotted path (`additionalInfo.qrContent`). */
  raw(path: string): unknown {
    let v: unknown = this.body;
    for (const key of path.split('.')) {
      if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
      v = (v as Record<string, unknown>)[key];
    }
    return v;
  }

  private missing(path: string): void {
    this.failure ??= SnapErrors.mandatory(this.op, path);
  }

  private malformed(path: string): void {
    this.failure ??= SnapErrors.invalidFormat(this.op, path);
  }

  /** A string (or a number DOKU's samples send in its place); '' when absent or invalid. */
  string(path: string, rule: StringRule = {}): string {
    return this.optionalString(path, rule, true) ?? '';
  }

  optionalString(path: string, rule: StringRule = {}, required = false): string | undefined {
    const v = this.raw(path);
    if (v === undefined || v === null || v === '') {
      if (required) this.missing(path);
      return undefined;
    }
    const s = typeof v === 'number' && Number.isFinite(v) ? String(v) : v;
    if (typeof s !== 'string') {
      this.malformed(path);
      return undefined;
    }
    if (
      (rule.max !== undefined && s.length > rule.max) ||
      (rule.min !== undefined && s.length < rule.min) ||
      (rule.pattern && !rule.pattern.test(s))
    ) {
      this.malformed(path);
      return undefined;
    }
    return s;
  }

  /**
   * `{value, currency}` -> minor units. A string value needs exactly two decimals
   * ("10000.00"); a number (DOKU's samples) is read as currency units. Currency: IDR.
   */
  amount(path: string, required = true): number | undefined {
    const v = this.raw(path);
    if (v === undefined || v === null) {
      if (required) this.missing(path);
      return undefined;
    }
    if (typeof v !== 'object' || Array.isArray(v)) {
      this.malformed(path);
      return undefined;
    }
    const { value, currency } = v as { value?: unknown; currency?: unknown };
    if (value === undefined || value === null || value === '') {
      this.missing(`${path}.value`);
      return undefined;
    }
    if (currency === undefined || currency === null || currency === '') {
      this.missing(`${path}.currency`);
      return undefined;
    }
    const minor =
      typeof value === 'string' && !/^\d{1,13}\.\d{2}$/.test(value) ? null : parseSnapValue(value);
    if (minor === null) {
      this.malformed(`${path}.value`);
      return undefined;
    }
    if (currency !== 'IDR') {
      this.malformed(`${path}.currency`);
      return undefined;
    }
    return minor;
  }

  /** An ISO 8601 date-time with an offset. */
  timestamp(path: string, required: boolean): Date | undefined {
    const v = this.raw(path);
    if (v === undefined || v === null || v === '') {
      if (required) this.missing(path);
      return undefined;
    }
    const d = parseSnapTimestamp(v);
    if (!d) this.malformed(path);
    return d ?? undefined;
  }

  /** An object (e.g. `additionalInfo`); `{}` when absent. */
  object(path: string): Record<string, unknown> {
    const v = this.raw(path);
    if (v === undefined || v === null) return {};
    if (typeof v !== 'object' || Array.isArray(v)) {
      this.malformed(path);
      return {};
    }
    return v as Record<string, unknown>;
  }
}
