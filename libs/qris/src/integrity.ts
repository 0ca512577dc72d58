// Integrity of the payload as a whole: the CRC in tag 63 and the character set. One pass
// computes the CRC and notes any character outside printable ASCII; only when it saw one is
// the character set checked in detail (non-ASCII is allowed in the language template 64).

import { crc16Printable, crcToHex } from './crc16.js';
import { problem } from './problems.js';
import type { QrisProblem, QrisTag } from './types.js';

/**
 * Checks the CRC (when there is one to check) and the character set, reporting problems.
 * `languageTag` is tag 64 when present: its value may hold non-ASCII text.
 */
export function checkIntegrity(
  payload: string,
  tags: QrisTag[],
  crcTag: QrisTag | undefined,
  languageTag: QrisTag | undefined,
  broken: boolean,
  problems: QrisProblem[],
): void {
  const crcAt = locateCrc(payload, crcTag, tags, broken, problems);
  let printable = false;
  if (crcAt >= 0) {
    const scan = crc16Printable(payload, 0, crcAt + 4);
    printable = (scan & 0x10000) === 0 && isPrintable(payload, crcAt + 4, payload.length);
    compareCrc(payload, crcAt, scan & 0xffff, problems);
  }
  if (!printable) checkCharset(payload, languageTag, tags, problems);
}

// Everything outside the language template must be printable ASCII ("ans"); tag 64 may
// carry the merchant's name in another script, but never control characters.
function checkCharset(
  payload: string,
  language: QrisTag | undefined,
  tags: QrisTag[],
  problems: QrisProblem[],
): void {
  const n = payload.length;
  let i = 0;
  for (; i < n; i++) {
    const c = payload.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) break;
  }
  if (i === n) return;
  const lo = language === undefined ? -1 : language.offset + 4;
  const hi = language === undefined ? -1 : lo + language.length;
  let first = -1;
  let count = 0;
  for (; i < n; i++) {
    const c = payload.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e) continue;
    if (c > 0x7e && c !== 0x7f && i >= lo && i < hi) continue;
    if (first < 0) first = i;
    count++;
  }
  if (first < 0) return;
  const code = payload.charCodeAt(first).toString(16).toUpperCase().padStart(4, '0');
  problems.push(
    problem(
      'PAYLOAD.CHARSET',
      tagAt(tags, first),
      first,
      `Character U+${code} at offset ${first} is not printable ASCII` +
        (count > 1 ? ` (and ${count - 1} more)` : ''),
    ),
  );
}

function tagAt(tags: QrisTag[], offset: number): string | undefined {
  for (let i = tags.length - 1; i >= 0; i--) if (tags[i].offset <= offset) return tags[i].id;
  return undefined;
}

/**
 * Where the "6304" whose CRC must be checked starts, or -1 (reporting why there is none).
 * A broken structure may still end in a CRC: checking it tells a typo from a tampered payload.
 */
function locateCrc(
  payload: string,
  crcTag: QrisTag | undefined,
  tags: QrisTag[],
  broken: boolean,
  problems: QrisProblem[],
): number {
  const n = payload.length;
  if (crcTag === undefined) {
    if (broken && n >= 8 && payload.startsWith('6304', n - 8)) return n - 8;
    if (!broken) {
      problems.push(
        problem(
          'CRC.MISSING',
          '63',
          n,
          'The CRC (tag 63) is missing; it must be the last data object',
        ),
      );
    }
    return -1;
  }
  if (tags[tags.length - 1] !== crcTag || broken) {
    problems.push(
      problem(
        'CRC.NOT_LAST',
        '63',
        crcTag.offset,
        `The CRC (tag 63) at offset ${crcTag.offset} is not the last data object`,
      ),
    );
    return -1;
  }
  if (crcTag.length !== 4) {
    problems.push(
      problem(
        'CRC.FORMAT',
        '63',
        crcTag.offset,
        `The CRC (tag 63) is "${crcTag.value}"; expected four upper-case hex digits`,
      ),
    );
    return -1;
  }
  return crcTag.offset;
}

function isPrintable(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

// `at` is where "6304" starts; `expected` is the CRC over everything up to and including it.
function compareCrc(payload: string, at: number, expected: number, problems: QrisProblem[]): void {
  let written = 0;
  let upper = true;
  for (let i = at + 4; i < at + 8; i++) {
    const c = payload.charCodeAt(i);
    let v: number;
    if (c >= 48 && c <= 57) v = c - 48;
    else if (c >= 65 && c <= 70) v = c - 55;
    else if (c >= 97 && c <= 102) {
      v = c - 87;
      upper = false;
    } else {
      problems.push(
        problem(
          'CRC.FORMAT',
          '63',
          at,
          `The CRC (tag 63) is "${payload.slice(at + 4, at + 8)}"; expected four upper-case hex digits`,
        ),
      );
      return;
    }
    written = (written << 4) | v;
  }
  if (!upper) {
    problems.push(
      problem(
        'CRC.FORMAT',
        '63',
        at,
        `The CRC (tag 63) is "${payload.slice(at + 4, at + 8)}"; hex digits must be upper-case`,
      ),
    );
  }
  if (written !== expected) {
    problems.push(
      problem(
        'CRC.MISMATCH',
        '63',
        at + 4,
        `CRC is ${payload.slice(at + 4, at + 8)}, expected ${crcToHex(expected)}`,
      ),
    );
  }
}
