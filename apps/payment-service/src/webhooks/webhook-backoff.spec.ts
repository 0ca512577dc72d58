import {
  MAX_RETRY_DELAY_MS,
  nominalRetryDelayMs,
  retryDelayMs,
  retrySchedule,
} from './webhook-backoff.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('webhook retry backoff', () => {
  it('waits the base first, then three times longer each time, capped at 12 hours', () => {
    expect(retrySchedule(12, MIN)).toEqual([
      1 * MIN,
      3 * MIN,
      9 * MIN,
      27 * MIN,
      81 * MIN,
      243 * MIN,
      12 * HOUR,
      12 * HOUR,
      12 * HOUR,
      12 * HOUR,
      12 * HOUR,
    ]);
  });

  it('spans about three days over the default 12 attempts', () => {
    const total = retrySchedule(12, MIN).reduce((a, b) => a + b, 0);
    expect(total / HOUR).toBeGreaterThan(60);
    expect(total / HOUR).toBeLessThan(80);
  });

  it('scales with the base (tests use a few milliseconds)', () => {
    expect(retrySchedule(4, 20)).toEqual([20, 60, 180]);
  });

  it('jitters by at most 20% either way', () => {
    expect(retryDelayMs(2, 1000, () => 0)).toBe(2400);
    expect(retryDelayMs(2, 1000, () => 0.5)).toBe(3000);
    expect(retryDelayMs(2, 1000, () => 0.999999)).toBe(3600);
    for (let i = 0; i < 200; i++) {
      const d = retryDelayMs(30, MIN);
      expect(d).toBeGreaterThanOrEqual(MAX_RETRY_DELAY_MS * 0.8);
      expect(d).toBeLessThanOrEqual(MAX_RETRY_DELAY_MS * 1.2);
    }
  });

  it('never exceeds the cap for large attempt counts, unless the base itself is larger', () => {
    expect(nominalRetryDelayMs(1000, MIN)).toBe(MAX_RETRY_DELAY_MS);
    expect(nominalRetryDelayMs(3, 24 * HOUR)).toBe(24 * HOUR);
  });

  it('rejects an attempt count below one', () => {
    expect(() => nominalRetryDelayMs(0, MIN)).toThrow(RangeError);
  });
});
