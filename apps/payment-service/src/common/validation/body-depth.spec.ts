import { MAX_BODY_DEPTH, nestsDeeperThan } from './body-depth.js';

const nested = (depth: number): unknown => {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
};

describe('nestsDeeperThan', () => {
  it('counts each object or array as one level, scalars as none', () => {
    expect(nestsDeeperThan('x', 0)).toBe(false);
    expect(nestsDeeperThan(null, 0)).toBe(false);
    expect(nestsDeeperThan({}, 0)).toBe(true);
    expect(nestsDeeperThan({}, 1)).toBe(false);
    expect(nestsDeeperThan({ a: 1, b: [1, 2] }, 1)).toBe(true);
    expect(nestsDeeperThan({ a: 1, b: [1, 2] }, 2)).toBe(false);
  });

  it('finds the deepest branch, wherever it is', () => {
    const body = { flat: 1, list: [1, 2, 3], deep: nested(MAX_BODY_DEPTH) };
    expect(nestsDeeperThan(body, MAX_BODY_DEPTH)).toBe(true);
    expect(nestsDeeperThan(body, MAX_BODY_DEPTH + 1)).toBe(false);
  });

  it('measures a million levels without overflowing the stack', () => {
    expect(nestsDeeperThan(nested(1_000_000), MAX_BODY_DEPTH)).toBe(true);
  });
});
