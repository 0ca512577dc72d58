// The client's side effects sit behind small ports (stripe-node's CryptoProvider style), so
// a unit test injects a virtual clock and scripted randomness instead of fake timers.
import { randomInt } from 'node:crypto';

/** Wall clock plus a way to wait; tests inject one whose `sleep` only advances virtual time. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Randomness for backoff jitter and external ids. */
export interface RandomSource {
  /** A float in [0, 1). */
  random(): number;
  /** `length` decimal digits from a cryptographic source (leading zeros allowed). */
  digits(length: number): string;
}

/** Structured logger; every method is optional. Messages and fields never carry secrets. */
export interface SnapLogger {
  debug?(message: string, fields?: Record<string, unknown>): void;
  info?(message: string, fields?: Record<string, unknown>): void;
  warn?(message: string, fields?: Record<string, unknown>): void;
  error?(message: string, fields?: Record<string, unknown>): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

export const cryptoRandom: RandomSource = {
  // randomInt wants max - min < 2^48.
  random: () => randomInt(0, 2 ** 48 - 1) / 2 ** 48,
  digits: (length) => {
    let out = '';
    while (out.length < length) out += randomInt(0, 1e12).toString().padStart(12, '0');
    return out.slice(0, length);
  },
};

export const silentLogger: SnapLogger = {};
