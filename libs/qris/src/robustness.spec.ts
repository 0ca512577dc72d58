// Parsing any string, however broken or hostile, returns a value: no throw, no hang, no
// unbounded work. And anything accepted really is a well-formed, correctly signed QRIS.
import fc from 'fast-check';
import { crc16ccitt } from './crc16.js';
import { parseQris } from './parse.js';
import type { QrisParseResult } from './types.js';
import { DOKU_PAYMENT_SAMPLE, DOKU_SAMPLE, resign } from '../test/fixtures.js';

function wellFormed(payload: string, result: QrisParseResult, strict = true): void {
  const list = result.ok ? result.warnings : result.problems;
  for (const p of list) {
    expect(typeof p.code).toBe('string');
    expect(p.offset).toBeGreaterThanOrEqual(0);
    expect(p.offset).toBeLessThanOrEqual(Math.max(payload.length, 0));
  }
  if (result.ok) {
    // Accepted means readable: the tags put back together are the payload, nothing skipped.
    if (strict) expect(payload.slice(-4)).toBe(crc16ccitt(payload.slice(0, -4)));
    expect(
      result.qris.tags.map((t) => t.id + String(t.length).padStart(2, '0') + t.value).join(''),
    ).toBe(payload);
  }
}

const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('replace' as const),
    at: fc.nat(),
    char: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    char: fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), char: fc.constant('') }),
  fc.record({
    kind: fc.constant('digit' as const),
    at: fc.nat(),
    char: fc.constantFrom(...'0123456789'),
  }),
);

function mutate(s: string, ms: Array<{ kind: string; at: number; char: string }>): string {
  for (const m of ms) {
    const at = s.length === 0 ? 0 : m.at % s.length;
    if (m.kind === 'insert') s = s.slice(0, at) + m.char + s.slice(at);
    else if (m.kind === 'delete') s = s.slice(0, at) + s.slice(at + 1);
    else s = s.slice(0, at) + m.char + s.slice(at + 1);
  }
  return s;
}

describe('parseQris on hostile input', () => {
  it('never throws on arbitrary strings, in either mode', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 600 }), fc.boolean(), (s, lenient) => {
        wellFormed(s, parseQris(s, { mode: lenient ? 'lenient' : 'strict' }), !lenient);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on random mutations of valid payloads, and accepts only what still checks out', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(DOKU_SAMPLE, '0' + DOKU_PAYMENT_SAMPLE),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (base, ms, resigned) => {
          let s = mutate(base, ms);
          if (resigned && s.length > 8) s = resign(s);
          wellFormed(s, parseQris(s));
          wellFormed(s, parseQris(s, { mode: 'lenient' }), false);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('rejects every single-character change of the sample', () => {
    for (let at = 0; at < DOKU_SAMPLE.length; at++) {
      const changed =
        DOKU_SAMPLE.slice(0, at) +
        (DOKU_SAMPLE[at] === '1' ? '2' : '1') +
        DOKU_SAMPLE.slice(at + 1);
      expect([at, parseQris(changed).ok]).toEqual([at, false]);
    }
  });

  it('stays bounded on nested lengths pointing past the end', () => {
    const nested = resign(DOKU_SAMPLE.replace('0703K45', '0799K45'));
    expect(parseQris(nested)).toMatchObject({
      ok: false,
      problems: [{ code: 'TEMPLATE.MALFORMED', tag: '62' }],
    });
    const deep = resign('000201010212' + '2699' + '0099'.repeat(30) + '6304AAAA');
    expect(parseQris(deep).ok).toBe(false);
  });

  it('answers quickly on huge and binary input', () => {
    const started = performance.now();
    expect(parseQris('00'.repeat(5_000_000))).toMatchObject({
      ok: false,
      problems: [{ code: 'PAYLOAD.TOO_LONG' }],
    });
    expect(parseQris('0000'.repeat(1000)).ok).toBe(false);
    const binary = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256)).toString(
      'latin1',
    );
    expect(parseQris(binary).ok).toBe(false);
    expect(parseQris('\u0000'.repeat(300)).ok).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('reports many empty data objects without blowing up', () => {
    const result = parseQris('0000'.repeat(128));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.length).toBeLessThanOrEqual(3 * 128 + 10);
  });
});
