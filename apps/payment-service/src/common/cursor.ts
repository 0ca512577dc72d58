import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from './domain-error.js';

/** Keyset pagination position: (created_at, id) of the last row, signed so tampering shows. */
export interface CursorPosition {
  createdAt: string;
  id: string;
}

export class CursorCodec {
  constructor(private readonly key: string) {}

  encode(p: CursorPosition): string {
    const payload = Buffer.from(JSON.stringify([p.createdAt, p.id])).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  decode(cursor: string): CursorPosition {
    const [payload, sig] = cursor.split('.');
    const invalid = () =>
      new DomainError(
        'invalid',
        'INVALID_CURSOR',
        'The cursor is not one this API returned (it was changed or truncated). Start again without a cursor.',
      );
    if (!payload || !sig) throw invalid();
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
    try {
      const [createdAt, id] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as [
        string,
        string,
      ];
      if (
        typeof createdAt !== 'string' ||
        typeof id !== 'string' ||
        Number.isNaN(Date.parse(createdAt))
      )
        throw new Error('shape');
      return { createdAt, id };
    } catch {
      throw invalid();
    }
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url').slice(0, 22);
  }
}
