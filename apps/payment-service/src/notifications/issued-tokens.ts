import { createHmac, randomBytes } from 'node:crypto';
import { safeEqual } from '#doku-snap';

/**
 * Tokens we issue to DOKU for the symmetric notification mode. Self-contained and signed
 * (expiry + nonce + HMAC), so every replica can check a token another replica issued.
 */
export class IssuedTokens {
  constructor(
    private readonly key: string,
    private readonly lifetimeSeconds = 900,
  ) {}

  issue(now: Date): { accessToken: string; expiresIn: number } {
    const payload = `${Math.floor(now.getTime() / 1000) + this.lifetimeSeconds}.${randomBytes(12).toString('base64url')}`;
    return { accessToken: `${payload}.${this.sign(payload)}`, expiresIn: this.lifetimeSeconds };
  }

  isValid(token: string, now: Date): boolean {
    const parts = token.split('.');
    if (parts.length !== 3) return false;
    const payload = `${parts[0]}.${parts[1]}`;
    if (!safeEqual(this.sign(payload), parts[2])) return false;
    return Number(parts[0]) * 1000 > now.getTime();
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
