import { retryOffsetMs } from './retry-schedule.js';

describe('DOKU notification retry schedule', () => {
  it('retries at +30 min, +6 h and +12 h, then gives up', () => {
    expect([0, 1, 2].map((n) => retryOffsetMs(n, 1))).toEqual([1_800_000, 21_600_000, 43_200_000]);
    expect(retryOffsetMs(3, 1)).toBeUndefined();
  });

  it('scales with the time factor', () => {
    expect([0, 1, 2].map((n) => retryOffsetMs(n, 0.0001))).toEqual([180, 2160, 4320]);
  });
});
