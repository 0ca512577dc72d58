import { SeededRandom, streamSeed } from './seeded-random.js';

describe('SeededRandom', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const seqA = Array.from({ length: 20 }, () => a.next());
    const seqB = Array.from({ length: 20 }, () => b.next());
    expect(seqA).toEqual(seqB);
    expect(new Set(seqA).size).toBe(20);
    for (const x of seqA) expect(x >= 0 && x < 1).toBe(true);
  });

  it('gives another sequence for another seed or stream name', () => {
    expect(new SeededRandom(1).next()).not.toBe(new SeededRandom(2).next());
    expect(streamSeed(1, 'query')).not.toBe(streamSeed(1, 'generate'));
    expect(streamSeed(1, 'query')).toBe(streamSeed(1, 'query'));
  });

  it('honours a rate roughly and the edges exactly', () => {
    const r = new SeededRandom(7);
    let hits = 0;
    for (let i = 0; i < 10_000; i++) if (r.chance(0.3)) hits++;
    expect(hits).toBeGreaterThan(2700);
    expect(hits).toBeLessThan(3300);
    expect(r.chance(0)).toBe(false);
    expect(r.chance(1)).toBe(true);
    expect(r.chance(undefined)).toBe(false);
  });
});
