// Low-level TLV reading over a string range, without slicing until a value is kept.
// EMVCo MPM: id = two digits, length = two digits (characters), then the value.

import type { QrisTag } from './types.js';

/** '00'..'99', so reading an id allocates nothing. */
export const TAG_IDS: readonly string[] = Array.from({ length: 100 }, (_, i) =>
  i < 10 ? `0${i}` : `${i}`,
);

/** The two-digit number at `s[i..i+2)`, or -1 when either character is not a digit or missing. */
export function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  // charCodeAt past the end is NaN, and every comparison with NaN is false.
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Whether `s[start..end)` is one or more decimal digits. */
export function isDigitsRange(s: string, start: number, end: number): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export function makeTag(id: string, length: number, value: string, offset: number): QrisTag {
  return { id, length, value, offset, children: undefined };
}

/** Why a range did not read as TLV: where and what. */
export interface TlvFault {
  offset: number;
  reason: 'id' | 'length' | 'truncated';
}

/**
 * Reads `s[start..end)` as a list of data objects, offsets absolute; a TlvFault when the
 * range is not exactly a TLV list. Bounded by the range: no length can make it read past `end`.
 */
export function readTlvList(s: string, start: number, end: number): QrisTag[] | TlvFault {
  const out: QrisTag[] = [];
  let pos = start;
  while (pos < end) {
    if (pos + 4 > end) return { offset: pos, reason: 'truncated' };
    const id = twoDigits(s, pos);
    if (id < 0) return { offset: pos, reason: 'id' };
    const length = twoDigits(s, pos + 2);
    if (length < 0) return { offset: pos + 2, reason: 'length' };
    const valueEnd = pos + 4 + length;
    if (valueEnd > end) return { offset: pos, reason: 'truncated' };
    out.push(makeTag(TAG_IDS[id], length, s.slice(pos + 4, valueEnd), pos));
    pos = valueEnd;
  }
  return out;
}
