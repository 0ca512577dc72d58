import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { formatSnapTimestamp } from '#doku-snap';

/** Identifiers the simulator hands out (as DOKU would): opaque tokens, reference numbers, approval codes. */
@Injectable()
export class IdFactory {
  private counter = 0;

  /** An opaque bearer token (DOKU's look like JWTs; nothing may depend on their shape). */
  token(): string {
    return randomBytes(32).toString('base64url');
  }

  /** DOKU's transaction id: 32 lower-case hex characters. */
  referenceNo(): string {
    return randomBytes(16).toString('hex');
  }

  /** Six digits, as in DOKU's samples (`328591`). */
  approvalCode(): string {
    return String(100000 + (randomBytes(4).readUInt32BE(0) % 900000));
  }

  /** Refund number, e.g. `QRISR0001` in DOKU's sample; unique per simulator. */
  refundNo(): string {
    this.counter++;
    return `QRISR${String(this.counter).padStart(4, '0')}${randomBytes(3).toString('hex').toUpperCase()}`;
  }

  /** Numeric X-EXTERNAL-ID for notifications: Jakarta date + random + counter (at most 36 digits). */
  externalId(now: Date): string {
    this.counter++;
    const day = formatSnapTimestamp(now).slice(0, 10).replace(/-/g, '');
    const random = String(randomBytes(4).readUInt32BE(0)).padStart(10, '0');
    return `${day}${random}${String(this.counter).padStart(8, '0')}`;
  }
}
