// Where the B2B access token lives between calls. In memory here; the service keeps it in
// PostgreSQL so every replica shares one token (and only one replica refreshes it).

export interface StoredToken {
  /** The B2B access token (without `Bearer `). */
  accessToken: string;
  /**
   * When it was requested (epoch ms). Optional for stores that keep only the expiry (e.g.
   * a `doku_tokens(key, access_token, expires_at)` row): then the token is refreshed
   * `refreshAheadMs` before expiresAt, instead of at most 1/4 of its lifetime early.
   */
  obtainedAt?: number;
  /** When DOKU's `expiresIn` runs out (epoch ms). */
  expiresAt: number;
}

export interface TokenStore {
  get(key: string): Promise<StoredToken | null>;
  set(key: string, token: StoredToken): Promise<void>;
  /**
   * Compare-and-delete: forget the token under `key` only if it is still `accessToken`
   * (DOKU rejected it). Must not remove a newer token another caller stored meanwhile.
   */
  invalidate?(key: string, accessToken: string): Promise<void>;
  /**
   * Runs `fn` holding a lock on `key` that all replicas share (e.g. a PostgreSQL advisory
   * lock), so that one replica fetches a new token while the others wait and then read it.
   */
  withLock?<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

/** A TokenStore for one process. */
export class InMemoryTokenStore implements TokenStore {
  private readonly tokens = new Map<string, StoredToken>();
  private readonly locks = new Map<string, Promise<unknown>>();

  async get(key: string): Promise<StoredToken | null> {
    const token = this.tokens.get(key);
    return token ? { ...token } : null;
  }

  async set(key: string, token: StoredToken): Promise<void> {
    this.tokens.set(key, { ...token });
  }

  async invalidate(key: string, accessToken: string): Promise<void> {
    if (this.tokens.get(key)?.accessToken === accessToken) this.tokens.delete(key);
  }

  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(key, tail);
    try {
      return await run;
    } finally {
      if (this.locks.get(key) === tail) this.locks.delete(key);
    }
  }
}
