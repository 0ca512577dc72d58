import { LEASE_RENEWAL_MS, sweepLeases, type SweepSettings } from './sweep-leases.js';

const S = 1000;
/** RECONCILER_* and DOKU_TIMEOUT_MS defaults. */
const DEFAULTS: SweepSettings = {
  batchSize: 100,
  concurrency: 8,
  ratePerSecond: 50,
  dokuTimeoutMs: 10 * S,
};
/** A surviving replica sweeps every RECONCILER_INTERVAL_MS (default 3 s). */
const SWEEP_INTERVAL_MS = 3 * S;

describe('sweepLeases', () => {
  it('holds a dead replica’s orders for 66 s with the defaults (the slowest sweep, 647 s, only bounds the renewals)', () => {
    expect(sweepLeases(DEFAULTS)).toEqual({
      refillBelow: 50,
      workMs: 51 * S,
      leaseMs: 66 * S,
      slowestSweepMs: 647 * S,
    });
  });

  it('stays under 2 minutes, with the next sweep, up to a DOKU timeout of 26 s', () => {
    const at = (dokuTimeoutMs: number) => sweepLeases({ ...DEFAULTS, dokuTimeoutMs }).leaseMs;
    expect(at(26 * S)).toBe(114 * S);
    expect(at(26 * S) + SWEEP_INTERVAL_MS).toBeLessThan(120 * S);
    expect(at(27 * S) + SWEEP_INTERVAL_MS).toBeGreaterThanOrEqual(120 * S);
    expect(sweepLeases({ ...DEFAULTS, ratePerSecond: 10 }).leaseMs).toBe(102 * S);
  });

  it('leaves an order taken from the queue its work and a period of slack, renewed every period', () => {
    for (const s of [
      DEFAULTS,
      { ...DEFAULTS, ratePerSecond: 0 },
      { ...DEFAULTS, batchSize: 500, concurrency: 32, ratePerSecond: 300 },
      { ...DEFAULTS, dokuTimeoutMs: 300 },
    ]) {
      const l = sweepLeases(s);
      // Renewed only past one period of age, checked every period: at worst two periods old.
      expect(l.leaseMs - 2 * LEASE_RENEWAL_MS - l.workMs).toBeGreaterThanOrEqual(LEASE_RENEWAL_MS);
      expect(l.slowestSweepMs).toBeGreaterThan(l.leaseMs);
    }
  });
});
