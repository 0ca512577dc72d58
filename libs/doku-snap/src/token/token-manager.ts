// The B2B token: fetched with the RSA signature, cached, refreshed ahead of expiry, and
// fetched once however many calls want it at the same moment (single-flight). After DOKU
// rejects a token (401 invalid/expired) the caller invalidates it and asks again.
import type { B2bAccessToken } from '../model.js';
import type { SnapFailure, SnapOutcome } from '../outcome.js';
import type { Clock, SnapLogger } from '../ports.js';
import type { StoredToken, TokenStore } from './token-store.js';

export type TokenResult = { ok: true; token: StoredToken } | { ok: false; failure: SnapFailure };

export interface B2bTokenManagerOptions {
  /** Store key, e.g. `doku-snap:b2b:<baseUrl>:<clientId>`. */
  key: string;
  store: TokenStore;
  clock: Pick<Clock, 'now'>;
  /** One token request to DOKU. */
  fetchToken: () => Promise<SnapOutcome<B2bAccessToken>>;
  /**
   * Refresh this long before expiry (default 60 s), but never earlier than 3/4 of the
   * token's lifetime, so short test lifetimes still get most of their use.
   */
  refreshAheadMs?: number;
  logger?: SnapLogger;
}

export class B2bTokenManager {
  private cached: StoredToken | null = null;
  private inflight: Promise<TokenResult> | null = null;
  /** Tokens DOKU rejected recently: never handed out again, even if a store returns one. */
  private readonly rejected: string[] = [];
  private readonly refreshAheadMs: number;
  /** Token requests sent to DOKU by this manager (for metrics and tests). */
  fetchCount = 0;

  constructor(private readonly options: B2bTokenManagerOptions) {
    this.refreshAheadMs = options.refreshAheadMs ?? 60_000;
    if (!Number.isFinite(this.refreshAheadMs) || this.refreshAheadMs < 0) {
      throw new RangeError('tokenRefreshAheadMs must be a non-negative number');
    }
  }

  /** When a token should be replaced (epoch ms). */
  refreshAt(token: StoredToken): number {
    if (token.obtainedAt === undefined) return token.expiresAt - this.refreshAheadMs;
    const lifetime = token.expiresAt - token.obtainedAt;
    return token.expiresAt - Math.min(this.refreshAheadMs, lifetime / 4);
  }

  private usable(token: StoredToken | null): token is StoredToken {
    return (
      token !== null &&
      this.options.clock.now() < this.refreshAt(token) &&
      !this.rejected.includes(token.accessToken)
    );
  }

  /** A valid token, from cache, store or DOKU; concurrent callers share one fetch. */
  getToken(): Promise<TokenResult> {
    if (this.usable(this.cached)) return Promise.resolve({ ok: true, token: this.cached });
    if (!this.inflight) {
      this.inflight = this.obtain().finally(() => {
        this.inflight = null;
      });
    }
    return this.inflight;
  }

  /** DOKU said this token is invalid or expired: drop it here and in the store. */
  async invalidate(accessToken: string): Promise<void> {
    if (!this.rejected.includes(accessToken)) {
      this.rejected.push(accessToken);
      if (this.rejected.length > 16) this.rejected.shift();
    }
    if (this.cached?.accessToken === accessToken) this.cached = null;
    try {
      await this.options.store.invalidate?.(this.options.key, accessToken);
    } catch (err) {
      this.warn('token store invalidate failed', err);
    }
  }

  private async obtain(): Promise<TokenResult> {
    const fromStore = await this.readStore();
    if (this.usable(fromStore)) {
      this.cached = fromStore;
      return { ok: true, token: fromStore };
    }
    const { store, key } = this.options;
    if (!store.withLock) return this.fetchAndStore();
    try {
      return await store.withLock(key, async () => {
        // Another replica may have refreshed while we waited for the lock.
        const again = await this.readStore();
        if (this.usable(again)) {
          this.cached = again;
          return { ok: true, token: again };
        }
        return this.fetchAndStore();
      });
    } catch (err) {
      this.warn('token store lock failed; fetching without it', err);
      return this.fetchAndStore();
    }
  }

  private async readStore(): Promise<StoredToken | null> {
    try {
      return await this.options.store.get(this.options.key);
    } catch (err) {
      this.warn('token store read failed', err);
      return null;
    }
  }

  /**
   * Asks DOKU for a new token now, whatever the cache and the store hold (no lock: the
   * point is to hear DOKU's own answer to these credentials), and keeps it when issued.
   */
  refresh(): Promise<TokenResult> {
    return this.fetchAndStore();
  }

  private async fetchAndStore(): Promise<TokenResult> {
    const obtainedAt = this.options.clock.now();
    this.fetchCount += 1;
    const outcome = await this.options.fetchToken();
    if (outcome.kind !== 'success') {
      this.options.logger?.warn?.('doku-snap b2b token request failed', {
        outcome: outcome.kind,
        reason: outcome.reason,
        httpStatus: outcome.httpStatus,
        responseCode: outcome.responseCode,
      });
      return { ok: false, failure: outcome };
    }
    const token: StoredToken = {
      accessToken: outcome.value.accessToken,
      obtainedAt,
      expiresAt: obtainedAt + outcome.value.expiresInSeconds * 1000,
    };
    this.cached = token;
    try {
      await this.options.store.set(this.options.key, token);
    } catch (err) {
      this.warn('token store write failed', err);
    }
    this.options.logger?.info?.('doku-snap b2b token obtained', {
      expiresInSeconds: outcome.value.expiresInSeconds,
    });
    return { ok: true, token };
  }

  private warn(message: string, err: unknown): void {
    // The store's error could in theory echo a token; log only its class and code.
    const e = err as { name?: unknown; code?: unknown };
    this.options.logger?.warn?.(`doku-snap ${message}`, {
      error: typeof e?.name === 'string' ? e.name : 'Error',
      code: typeof e?.code === 'string' ? e.code : null,
    });
  }
}
