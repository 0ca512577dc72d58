import { Injectable } from '@nestjs/common';

/**
 * Business time of the simulator (token expiry, QR validity, paid/refund times). Tests can
 * move it forward to expire tokens and QRs without waiting; X-TIMESTAMP windows and the
 * notification timers stay on the wall clock, which the caller shares with us.
 */
@Injectable()
export class SimulatorClock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward');
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
