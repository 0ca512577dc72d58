import { Inject, Injectable } from '@nestjs/common';
import { formatSnapTimestamp } from '#doku-snap';
import { SIMULATOR_OPTIONS, type ResolvedOptions } from '../config/simulator-options.js';

export interface RecordedAnswer {
  status: number;
  /** The exact bytes sent, so that a replay is byte-identical. */
  body: string;
}

interface Entry {
  bodyHash: string;
  answer?: RecordedAnswer;
}

export type ExternalIdCheck =
  | { kind: 'new'; key: string }
  | { kind: 'replay'; answer: RecordedAnswer }
  /** Same id, another body (or the first request is still being answered). */
  | { kind: 'conflict' };

/**
 * X-EXTERNAL-ID is unique per partner per (Jakarta) day. DOKU's idempotency page: reusing
 * an id the same day answers 409xx00, except that the same id with the same body answers the
 * first response's body (with HTTP 409). Only authenticated requests reach this registry, so
 * a forged request cannot burn a merchant's ids.
 */
@Injectable()
export class ExternalIdRegistry {
  private day = '';
  private entries = new Map<string, Entry>();
  private readonly capacity: number;

  constructor(@Inject(SIMULATOR_OPTIONS) options: ResolvedOptions) {
    this.capacity = options.externalIdCapacity;
  }

  check(partnerId: string, externalId: string, bodyHash: string, now: Date): ExternalIdCheck {
    const day = formatSnapTimestamp(now).slice(0, 10);
    if (day !== this.day) {
      this.day = day;
      this.entries = new Map();
    }
    const key = `${partnerId}|${externalId}`;
    const seen = this.entries.get(key);
    if (seen) {
      return seen.answer && seen.bodyHash === bodyHash
        ? { kind: 'replay', answer: seen.answer }
        : { kind: 'conflict' };
    }
    if (this.entries.size >= this.capacity) {
      // Forget the oldest id (Map keeps insertion order): bounded memory under load.
      this.entries.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(key, { bodyHash });
    return { kind: 'new', key };
  }

  complete(key: string, answer: RecordedAnswer): void {
    const entry = this.entries.get(key);
    if (entry) entry.answer = answer;
  }

  reset(): void {
    this.entries.clear();
  }
}
