import { ExternalIdGenerator, isValidExternalId, jakartaDate } from './external-id.js';
import { cryptoRandom } from './ports.js';
import { ScriptedRandom, VirtualClock } from './testing/virtual-clock.js';

describe('X-EXTERNAL-ID', () => {
  it('is numeric, at most 36 characters, and starts with the Jakarta date', () => {
    // 2024-03-01T20:00Z is already 2 March in Jakarta.
    const clock = new VirtualClock(Date.parse('2024-03-01T20:00:00Z'));
    const id = new ExternalIdGenerator(clock, new ScriptedRandom([0], '42')).next();
    expect(id).toMatch(/^\d{36}$/);
    expect(id.startsWith('20240302')).toBe(true);
    expect(id).toBe('20240302' + '4242424242424242' + '000000000001');
    expect(isValidExternalId(id)).toBe(true);
  });

  it('never repeats within a process', () => {
    const gen = new ExternalIdGenerator(new VirtualClock(), cryptoRandom);
    const ids = new Set(Array.from({ length: 10000 }, () => gen.next()));
    expect(ids.size).toBe(10000);
  });

  it('differs across restarts on the same day (a new random part per process)', () => {
    const clock = new VirtualClock();
    const first = new ExternalIdGenerator(clock, cryptoRandom).next();
    const afterRestart = new ExternalIdGenerator(clock, cryptoRandom).next();
    expect(first.slice(0, 8)).toBe(afterRestart.slice(0, 8));
    expect(first).not.toBe(afterRestart);
  });

  it('rejects a random source that does not give digits', () => {
    expect(() => new ExternalIdGenerator(new VirtualClock(), { digits: () => 'abc' })).toThrow(
      /digits/,
    );
  });

  it('validates ids handed in by callers', () => {
    expect(isValidExternalId('1'.repeat(36))).toBe(true);
    expect(isValidExternalId('1'.repeat(37))).toBe(false);
    expect(isValidExternalId('12a')).toBe(false);
    expect(isValidExternalId('')).toBe(false);
    expect(isValidExternalId(123)).toBe(false);
  });

  it('computes the Jakarta calendar date', () => {
    expect(jakartaDate(Date.parse('2023-12-31T16:59:59Z'))).toBe('20231231');
    expect(jakartaDate(Date.parse('2023-12-31T17:00:00Z'))).toBe('20240101');
  });
});
