// Readers for the primitive top-level values that need more than a length check: amounts
// (54, 56) and the percentage fee (57).

import { parseAmountRange } from './amount.js';
import { problem } from './problems.js';
import { checkMaxLength } from './templates.js';
import type { QrisAmount, QrisProblem, QrisTag } from './types.js';

export function isUpperLetter(c: number): boolean {
  return c >= 65 && c <= 90;
}

/** An EMVCo amount (54 or 56) in minor units and as written; undefined after reporting a problem. */
export function readAmount(
  payload: string,
  tag: QrisTag,
  code: 'AMOUNT.FORMAT' | 'TIP.FIXED_FORMAT',
  label: string,
  problems: QrisProblem[],
): QrisAmount | undefined {
  if (tag.length > 13) {
    checkMaxLength(tag, label, 13, problems);
    return undefined;
  }
  const minor = parseAmountRange(payload, tag.offset + 4, tag.offset + 4 + tag.length);
  if (minor === null) {
    problems.push(
      problem(
        code,
        tag.id,
        tag.offset,
        `${label} (${tag.id}) is "${tag.value}"; expected digits with an optional "." and at most 2 decimals, e.g. 1200.25`,
      ),
    );
    return undefined;
  }
  return { minor, text: tag.value };
}

/** EMVCo tag 57: "00.01" to "99.99", at most 5 characters. */
export function isPercentage(s: string, start: number, end: number): boolean {
  if (end - start > 5) return false;
  const hundredths = parseAmountRange(s, start, end);
  return hundredths !== null && hundredths > 0 && hundredths < 10000;
}
