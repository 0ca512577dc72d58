import { createHash } from 'node:crypto';
import type { StoredToken, TokenStore } from '#doku-snap';
import type { DataSource } from 'typeorm';

/**
 * The B2B token in PostgreSQL, shared by every replica: one replica fetches a new token
 * under an advisory lock while the others wait, then read it.
 */
export class PostgresTokenStore implements TokenStore {
  constructor(private readonly dataSource: DataSource) {}

  async get(key: string): Promise<StoredToken | null> {
    const rows: { access_token: string; expires_at: Date; updated_at: Date }[] =
      await this.dataSource.query(
        'SELECT access_token, expires_at, updated_at FROM doku_tokens WHERE key = $1',
        [key],
      );
    if (rows.length === 0) return null;
    return {
      accessToken: rows[0].access_token,
      expiresAt: rows[0].expires_at.getTime(),
      obtainedAt: rows[0].updated_at.getTime(),
    };
  }

  async set(key: string, token: StoredToken): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO doku_tokens (key, access_token, expires_at, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key) DO UPDATE SET access_token = EXCLUDED.access_token, expires_at = EXCLUDED.expires_at, updated_at = EXCLUDED.updated_at`,
      [key, token.accessToken, new Date(token.expiresAt), new Date(token.obtainedAt ?? Date.now())],
    );
  }

  async invalidate(key: string, accessToken: string): Promise<void> {
    await this.dataSource.query('DELETE FROM doku_tokens WHERE key = $1 AND access_token = $2', [
      key,
      accessToken,
    ]);
  }

  /** A transaction-scoped advisory lock on a dedicated connection, released at commit. */
  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const lockId = createHash('sha256').update(`doku-token:${key}`).digest().readBigInt64BE(0);
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [lockId.toString()]);
      return fn();
    });
  }
}
