// Test doubles for the Clock and RandomSource ports: time moves only when told (or when
// the code under test sleeps), so retry and expiry tests need no fake timers.
import type { Clock, RandomSource } from '../ports.js';

export class VirtualClock implements Clock {
  readonly sleeps: number[] = [];

  constructor(private t = Date.parse('2024-03-01T03:00:00Z')) {}

  now(): number {
    return this.t;
  }

  advance(ms: number): void {
    this.t += ms;
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.t += ms;
  }
}

/** Returns the given floats in turn (then the last one again) and fixed digits. */
export class ScriptedRandom implements RandomSource {
  private i = 0;

  constructor(
    private readonly floats: number[] = [0.5],
    private readonly digitSource = '1234567890',
  ) {}

  random(): number {
    const v = this.floats[Math.min(this.i, this.floats.length - 1)];
    this.i += 1;
    return v;
  }

  digits(length: number): string {
    return this.digitSource.repeat(Math.ceil(length / this.digitSource.length)).slice(0, length);
  }
}
