import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKey } from '../config/app-config.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Matches a presented key against the configured ones in constant time: every configured
 * key is compared (no early exit), over fixed-length digests.
 */
export class ApiKeyMatcher {
  private readonly digests: { id: string; digest: Buffer }[];

  constructor(keys: ApiKey[]) {
    this.digests = keys.map((k) => ({ id: k.id, digest: digest(k.key) }));
  }

  match(presented: string): string | null {
    const d = digest(presented);
    let found: string | null = null;
    for (const k of this.digests) {
      if (timingSafeEqual(k.digest, d) && found === null) found = k.id;
    }
    return found;
  }
}

/** `Authorization: Bearer <key>` -> key; anything else -> null. */
export function bearerToken(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  const m = /^Bearer\s+(\S{1,512})\s*$/i.exec(header);
  return m ? m[1] : null;
}
