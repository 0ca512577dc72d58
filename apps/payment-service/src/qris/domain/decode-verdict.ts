// Our own reading of a QRIS, as pure functions. Real QRIS in circulation break soft EMVCo
// limits (a 26-character merchant name, a trailing space): those are reported as warnings
// and the payload decodes. Only what makes the payload unreadable or untrustworthy is an
// error: a broken CRC, a broken TLV structure, a missing mandatory tag.
import { parseQris, type Qris, type QrisProblem } from '#qris';

export interface DecodeProblem {
  code: string;
  tag?: string;
  /** Character offset into the payload as returned (`qrContent`, surrounding whitespace removed). */
  offset: number;
  message: string;
  severity: 'error' | 'warning';
}

export type DecodeVerdict =
  | { ok: true; payload: string; qris: Qris; warnings: DecodeProblem[] }
  | { ok: false; payload: string; problems: DecodeProblem[] };

/** Codes that make a payload undecodable (everything else is a warning). */
const HARD_CODES = new Set([
  'PAYLOAD.NOT_STRING',
  'PAYLOAD.EMPTY',
  'PAYLOAD.TOO_LONG',
  'FORMAT_INDICATOR.NOT_FIRST',
  'FORMAT_INDICATOR.VALUE',
  'TAG.DUPLICATE',
  'TAG.MISSING',
  'MERCHANT_ACCOUNT.MISSING',
  'TEMPLATE.MALFORMED',
  'CRC.MISSING',
  'CRC.NOT_LAST',
  'CRC.FORMAT',
  'CRC.MISMATCH',
]);

/** True when a problem code means the payload cannot be trusted or read (a 422). */
export function isHardProblem(code: string): boolean {
  return HARD_CODES.has(code) || code.startsWith('TLV.');
}

/** Decodes with the strict codec, keeping soft rule breaks as warnings. Never throws. */
export function decodeQrisPayload(input: string): DecodeVerdict {
  const payload = input.trim();
  const extra: DecodeProblem[] = [];
  if (payload !== input && payload.length > 0) {
    extra.push({
      code: 'PAYLOAD.TRIMMED',
      offset: 0,
      message:
        'Whitespace around the payload was removed (it is not part of a QRIS); offsets refer to the trimmed payload',
      severity: 'warning',
    });
  }
  const parsed = parseQris(payload);
  if (parsed.ok) {
    return {
      ok: true,
      payload,
      qris: parsed.qris,
      warnings: [...extra, ...parsed.warnings.map(asWarning), ...textWarnings(parsed.qris)],
    };
  }
  const problems = parsed.problems.map((p) => (isHardProblem(p.code) ? asError(p) : asWarning(p)));
  if (!parsed.qris || problems.some((p) => p.severity === 'error')) {
    return { ok: false, payload, problems: [...problems, ...extra] };
  }
  return {
    ok: true,
    payload,
    qris: parsed.qris,
    warnings: [...extra, ...problems, ...textWarnings(parsed.qris)],
  };
}

/** Leading or trailing spaces in the name or city: allowed by EMVCo, a sign of sloppy data. */
function textWarnings(qris: Qris): DecodeProblem[] {
  const out: DecodeProblem[] = [];
  for (const [id, label] of [
    ['59', 'Merchant name'],
    ['60', 'Merchant city'],
  ] as const) {
    const tag = qris.tags.find((t) => t.id === id);
    if (tag && tag.value !== tag.value.trim()) {
      out.push({
        code: 'TEXT.WHITESPACE',
        tag: id,
        offset: tag.offset,
        message: `${label} (${id}) "${tag.value}" has leading or trailing spaces`,
        severity: 'warning',
      });
    }
  }
  return out;
}

function asWarning(p: QrisProblem): DecodeProblem {
  return { ...pick(p), severity: 'warning' };
}

function asError(p: QrisProblem): DecodeProblem {
  return { ...pick(p), severity: 'error' };
}

function pick(p: QrisProblem): Omit<DecodeProblem, 'severity'> {
  return p.tag === undefined
    ? { code: p.code, offset: p.offset, message: p.message }
    : { code: p.code, tag: p.tag, offset: p.offset, message: p.message };
}
