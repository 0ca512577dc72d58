import fc from 'fast-check';
import { crc16ccitt } from './crc16.js';
import { DOKU_SAMPLE } from '../test/fixtures.js';

// Bit-by-bit CRC-16/CCITT-FALSE over UTF-8 bytes: the definition, to check the table against.
function reference(input: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(input, 'utf8')) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

describe('crc16ccitt', () => {
  it('matches the CRC-16/CCITT-FALSE check value', () => {
    expect(crc16ccitt('123456789')).toBe('29B1');
    expect(crc16ccitt('')).toBe('FFFF');
  });

  it("confirms DOKU's sample CRC F6EA over everything up to and including 6304", () => {
    expect(crc16ccitt(DOKU_SAMPLE.slice(0, -4))).toBe('F6EA');
    expect(DOKU_SAMPLE.slice(-8)).toBe('6304F6EA');
  });

  it('writes four upper-case hex digits, leading zeros included', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        expect(crc16ccitt(s)).toMatch(/^[0-9A-F]{4}$/);
      }),
    );
  });

  it('agrees with the bitwise definition on any text, non-ASCII as UTF-8', () => {
    expect(crc16ccitt('Café Ñandú 東京 🍜')).toBe(reference('Café Ñandú 東京 🍜'));
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (s) => {
        expect(crc16ccitt(s)).toBe(reference(s));
      }),
    );
  });

  it('encodes a lone surrogate as U+FFFD, as UTF-8 encoders do', () => {
    expect(crc16ccitt('a\ud800b')).toBe(reference('a\ufffdb'));
  });
});
