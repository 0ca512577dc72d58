import {
  CONFIRMATION_DELAY_MS,
  CREATING_GRACE_MS,
  DENSE_CAP_MS,
  FIRST_POLL_DELAY_MS,
  LATE_WINDOW_MS,
  confirmationDueAt,
  confirmationRetryAt,
  creatingNotFoundIsFinal,
  creatingSettledAt,
  densePollDelayMs,
  latePollAt,
  nextPendingPollAt,
  withErrorBackoff,
} from './poll-schedule.js';
import { creatingPollAt, firstPendingPollAt } from '../../orders/domain/poll-schedule.js';

/** A controllable clock: every test reads time from here, never from the system. */
class TestClock {
  private ms = Date.parse('2026-01-15T03:00:00.000Z');
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): Date {
    this.ms += ms;
    return this.now();
  }
}

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const gap = (a: Date | null, b: Date) => (a ? a.getTime() - b.getTime() : null);

describe('the poll schedule', () => {
  let clock: TestClock;
  beforeEach(() => (clock = new TestClock()));

  describe('first polls (set at creation)', () => {
    it('leaves a CREATING order alone for the 30 s grace, then polls a PENDING one 5 s after its QR', () => {
      const created = clock.now();
      expect(gap(creatingPollAt(created), created)).toBe(CREATING_GRACE_MS);
      expect(gap(firstPendingPollAt(created), created)).toBe(FIRST_POLL_DELAY_MS);
      expect(FIRST_POLL_DELAY_MS).toBe(5 * S);
    });
  });

  describe('while the QR is valid (dense, backing off to a cap)', () => {
    it('polls every 5 s while the order is young', () => {
      const created = clock.now();
      const expires = new Date(created.getTime() + 15 * MIN);
      for (const age of [5 * S, 10 * S, 20 * S]) {
        const now = new Date(created.getTime() + age);
        expect(gap(nextPendingPollAt(created, expires, now), now)).toBe(5 * S);
      }
    });

    it('grows the delay with age: a quarter of the order’s age', () => {
      const created = clock.now();
      const expires = new Date(created.getTime() + 15 * MIN);
      const now = clock.advance(2 * MIN);
      expect(gap(nextPendingPollAt(created, expires, now), now)).toBe(30 * S);
    });

    it('never waits more than 60 s between two polls (the cap)', () => {
      const created = clock.now();
      const expires = new Date(created.getTime() + 24 * H);
      expect(densePollDelayMs(4 * MIN)).toBe(DENSE_CAP_MS);
      for (const age of [4 * MIN, 30 * MIN, 12 * H]) {
        const now = new Date(created.getTime() + age);
        expect(gap(nextPendingPollAt(created, expires, now), now)).toBe(60 * S);
      }
    });

    it('delays only grow: the sequence of polls of a 15-minute order is monotonic and bounded', () => {
      const created = clock.now();
      const expires = new Date(created.getTime() + 15 * MIN);
      let now = firstPendingPollAt(created);
      const delays: number[] = [];
      let polls = 1;
      while (now < expires) {
        const next = nextPendingPollAt(created, expires, now);
        delays.push(next.getTime() - now.getTime());
        now = next;
        polls++;
      }
      expect(now).toEqual(expires);
      const beforeLast = delays.slice(0, -1);
      expect(beforeLast).toEqual([...beforeLast].sort((a, b) => a - b));
      expect(Math.max(...delays)).toBeLessThanOrEqual(DENSE_CAP_MS);
      expect(polls).toBeGreaterThan(15);
      expect(polls).toBeLessThan(40);
    });
  });

  describe('at expiry', () => {
    it('puts the last poll exactly at the expiry, never after it', () => {
      const created = clock.now();
      const expires = new Date(created.getTime() + 10 * MIN);
      const now = new Date(expires.getTime() - 20 * S);
      expect(nextPendingPollAt(created, expires, now)).toEqual(expires);
    });

    it('keeps backing off past the expiry (only reached when DOKU gave no usable answer)', () => {
      const created = clock.now();
      const expires = new Date(created.getTime() + 10 * MIN);
      const now = new Date(expires.getTime() + S);
      expect(gap(nextPendingPollAt(created, expires, now), now)).toBe(60 * S);
    });
  });

  describe('after EXPIRED (late payment window)', () => {
    it('polls sparsely: 1 min after expiry, then doubling', () => {
      const expires = clock.now();
      const first = latePollAt(expires, expires)!;
      expect(gap(first, expires)).toBe(1 * MIN);
      const second = latePollAt(expires, first)!;
      expect(gap(second, expires)).toBe(2 * MIN);
      const third = latePollAt(expires, second)!;
      expect(gap(third, expires)).toBe(4 * MIN);
    });

    it('caps the gap at 4 h, makes the last poll 24 h after expiry, then stops', () => {
      const expires = clock.now();
      let now = expires;
      const times: Date[] = [];
      for (let next = latePollAt(expires, now); next; next = latePollAt(expires, now)) {
        times.push(next);
        now = next;
      }
      expect(times[times.length - 1].getTime() - expires.getTime()).toBe(LATE_WINDOW_MS);
      const gaps = times.map((t, i) => t.getTime() - (i ? times[i - 1] : expires).getTime());
      expect(Math.max(...gaps)).toBe(4 * H);
      expect(times.length).toBeLessThan(20);
      expect(latePollAt(expires, new Date(expires.getTime() + LATE_WINDOW_MS))).toBeNull();
    });

    it('starts from how late the expiry was processed', () => {
      const expires = clock.now();
      const now = clock.advance(10 * MIN);
      expect(gap(latePollAt(expires, now), now)).toBe(10 * MIN);
    });
  });

  describe('CREATING with an unknown outcome', () => {
    it('waits for the grace, or longer when a generate call can run longer', () => {
      const created = clock.now();
      expect(gap(creatingSettledAt(created, 5 * S), created)).toBe(CREATING_GRACE_MS);
      expect(gap(creatingSettledAt(created, 45 * S), created)).toBe(45 * S);
    });

    it('treats "not found" as final only after the grace period', () => {
      const created = clock.now();
      expect(creatingNotFoundIsFinal(created, clock.advance(31 * S), 25 * S)).toBe(false);
      expect(creatingNotFoundIsFinal(created, clock.advance(88 * S), 25 * S)).toBe(false);
      expect(creatingNotFoundIsFinal(created, clock.advance(1 * S), 25 * S)).toBe(true);
    });

    it('extends the not-found grace when generate calls may run long', () => {
      const created = clock.now();
      const now = new Date(created.getTime() + 3 * MIN);
      expect(creatingNotFoundIsFinal(created, now, 150 * S)).toBe(false);
      expect(creatingNotFoundIsFinal(created, now, 100 * S)).toBe(true);
    });
  });

  describe('confirmation of a notified payment', () => {
    it('queries at least 60 s after the payment', () => {
      const paid = clock.now();
      expect(gap(confirmationDueAt(paid), paid)).toBe(CONFIRMATION_DELAY_MS);
      expect(CONFIRMATION_DELAY_MS).toBeGreaterThanOrEqual(60 * S);
    });

    it('retries a confirmation that got no answer, backing off to 10 min, for 24 h', () => {
      const paid = clock.now();
      const early = new Date(paid.getTime() + 61 * S);
      expect(gap(confirmationRetryAt(paid, early), early)).toBe(30 * S);
      const later = new Date(paid.getTime() + 2 * H);
      expect(gap(confirmationRetryAt(paid, later), later)).toBe(10 * MIN);
      expect(confirmationRetryAt(paid, new Date(paid.getTime() + 24 * H))).toBeNull();
    });
  });

  describe('error backoff', () => {
    it('honours Retry-After and spreads retries by up to 20%', () => {
      const now = clock.now();
      const planned = new Date(now.getTime() + 10 * S);
      expect(gap(withErrorBackoff(planned, now, null, 0), now)).toBe(10 * S);
      expect(gap(withErrorBackoff(planned, now, null, 0.999), now)).toBe(11_998);
      expect(gap(withErrorBackoff(planned, now, 30 * S, 0), now)).toBe(30 * S);
      expect(withErrorBackoff(null, now, null, 0.5)).toBeNull();
    });
  });
});
