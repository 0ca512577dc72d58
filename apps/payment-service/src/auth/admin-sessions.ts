import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AdminRole, type ServiceConfig } from '../config/app-config.js';

/** The cookie that carries an admin console session (its token; the server keeps a digest). */
export const SESSION_COOKIE = 'admin_session';
/** The header a session's state-changing calls must carry (synchronizer token). */
export const CSRF_HEADER = 'x-csrf-token';

export interface AdminSession {
  keyId: string;
  role: AdminRole;
  csrfToken: string;
  expiresAt: Date;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Admin console sessions, in PostgreSQL so that any replica can serve any request and
 * sign-out ends the session everywhere. The cookie holds 256 random bits; the table holds
 * their SHA-256, so a read of the table gives no usable session. The role is looked up in the
 * configuration at every request: a key removed from ADMIN_API_KEYS ends its sessions, a role
 * change applies at once.
 */
@Injectable()
export class AdminSessions {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
    private readonly dataSource: DataSource,
  ) {}

  roleOf(keyId: string): AdminRole | null {
    if (!this.config.auth.adminKeys.some((k) => k.id === keyId)) return null;
    return this.config.auth.adminRoles[keyId] ?? 'operator';
  }

  get ttlSeconds(): number {
    return this.config.auth.sessionTtlSeconds;
  }

  async start(keyId: string): Promise<{ token: string; session: AdminSession }> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + this.ttlSeconds * 1000);
    // Old rows go when new ones come: no sweep needed for a table this small.
    await this.dataSource.query(
      `WITH gone AS (DELETE FROM admin_sessions WHERE expires_at < now() - interval '1 day')
       INSERT INTO admin_sessions (token_sha256, key_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)`,
      [sha256(token), keyId, csrfToken, expiresAt],
    );
    return { token, session: { keyId, role: this.roleOf(keyId)!, csrfToken, expiresAt } };
  }

  /** The live session of a cookie token, or null (unknown, expired, signed out, key removed). */
  async find(token: string): Promise<AdminSession | null> {
    const [row]: { key_id: string; csrf_token: string; expires_at: Date }[] =
      await this.dataSource.query(
        `SELECT key_id, csrf_token, expires_at FROM admin_sessions
         WHERE token_sha256 = $1 AND ended_at IS NULL AND expires_at > now()`,
        [sha256(token)],
      );
    if (!row) return null;
    const role = this.roleOf(row.key_id);
    if (!role) return null;
    return { keyId: row.key_id, role, csrfToken: row.csrf_token, expiresAt: row.expires_at };
  }

  async end(token: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE admin_sessions SET ended_at = now() WHERE token_sha256 = $1 AND ended_at IS NULL`,
      [sha256(token)],
    );
  }
}

/** Constant-time comparison of the presented CSRF token with the session's. */
export function csrfMatches(presented: unknown, expected: string): boolean {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(sha256(presented));
  const b = Buffer.from(sha256(expected));
  return timingSafeEqual(a, b);
}

/** The value of one cookie in a `Cookie` header, or null. */
export function cookieValue(header: unknown, name: string): string | null {
  if (typeof header !== 'string') return null;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      const v = part.slice(i + 1).trim();
      return /^[A-Za-z0-9_-]{1,128}$/.test(v) ? v : null;
    }
  }
  return null;
}

/**
 * The Set-Cookie of a session: HttpOnly (no script reads it), SameSite=Strict (no other
 * site's page sends it), Path=/admin, expiring with the session, and Secure when the console
 * is reached over HTTPS (PUBLIC_URL, or a proxy's X-Forwarded-Proto).
 */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${token}`,
    'Path=/admin',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${maxAgeSeconds}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}
