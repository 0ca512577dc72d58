// CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor), as EMVCo
// MPM requires for tag 63: computed over the payload's bytes up to and including "6304".
// A 256-entry table makes it one lookup per byte; non-ASCII characters (allowed in the
// language template 64) are fed as their UTF-8 bytes.

const TABLE = buildTable();

function buildTable(): Uint16Array {
  const table = new Uint16Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
    table[byte] = crc;
  }
  return table;
}

function step(crc: number, byte: number): number {
  return ((crc << 8) & 0xff00) ^ TABLE[((crc >>> 8) ^ byte) & 0xff];
}

/** CRC over `input[start..end)` as a number; start at 0xFFFF or chain a previous value. */
export function crc16Range(input: string, start: number, end: number, crc = 0xffff): number {
  for (let i = start; i < end; i++) {
    const c = input.charCodeAt(i);
    if (c < 0x80) {
      crc = ((crc << 8) & 0xff00) ^ TABLE[((crc >>> 8) ^ c) & 0xff];
    } else {
      crc = crcNonAscii(input, i, crc);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
        const next = input.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) i++;
      }
    }
  }
  return crc;
}

/**
 * crc16Range from 0xFFFF that also tells whether it met a character outside printable
 * ASCII (0x20-0x7E): bit 16 of the result is set when it did. Lets the parser check the
 * character set in the same pass as the CRC.
 */
export function crc16Printable(input: string, start: number, end: number): number {
  let crc = 0xffff;
  let odd = 0;
  for (let i = start; i < end; i++) {
    const c = input.charCodeAt(i);
    if (c < 0x80) {
      if (c < 0x20 || c === 0x7f) odd = 0x10000;
      crc = ((crc << 8) & 0xff00) ^ TABLE[((crc >>> 8) ^ c) & 0xff];
    } else {
      odd = 0x10000;
      crc = crcNonAscii(input, i, crc);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
        const next = input.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) i++;
      }
    }
  }
  return crc | odd;
}

// UTF-8 encoding of the code point at `i` (a lone surrogate becomes U+FFFD, as TextEncoder does).
function crcNonAscii(input: string, i: number, crc: number): number {
  let cp = input.codePointAt(i) ?? 0xfffd;
  if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
  if (cp < 0x800) {
    crc = step(crc, 0xc0 | (cp >> 6));
  } else if (cp < 0x10000) {
    crc = step(crc, 0xe0 | (cp >> 12));
    crc = step(crc, 0x80 | ((cp >> 6) & 0x3f));
  } else {
    crc = step(crc, 0xf0 | (cp >> 18));
    crc = step(crc, 0x80 | ((cp >> 12) & 0x3f));
    crc = step(crc, 0x80 | ((cp >> 6) & 0x3f));
  }
  return step(crc, 0x80 | (cp & 0x3f));
}

const HEX = '0123456789ABCDEF';

/** Four upper-case hex digits of a 16-bit value. */
export function crcToHex(crc: number): string {
  return HEX[(crc >> 12) & 15] + HEX[(crc >> 8) & 15] + HEX[(crc >> 4) & 15] + HEX[crc & 15];
}

/** CRC-16/CCITT-FALSE of a string as four upper-case hex digits (`'123456789'` -> `'29B1'`). */
export function crc16ccitt(input: string): string {
  return crcToHex(crc16Range(input, 0, input.length));
}
