import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type ServiceConfig } from '../config/app-config.js';
import { rows } from '../database/sql.js';

export const RECONCILER_BUCKET = 'doku.reconciler';

/** The bucket holds at most a tenth of a second of calls (at least one): bursts stay small. */
export function bucketCapacity(ratePerSecond: number): number {
  return Math.max(1, Math.ceil(ratePerSecond / 10));
}

/**
 * One statement takes up to `$2` tokens: it locks the bucket row, refills it by the time
 * elapsed on the database's clock (shared by all replicas), grants what is there and
 * stores the rest. `refilled_at` never moves backwards, so no interval is counted twice.
 */
const TAKE_SQL = `
  WITH cur AS (
    SELECT name, tokens, refilled_at, clock_timestamp() AS at
    FROM rate_limit_buckets WHERE name = $1 FOR UPDATE
  ), calc AS (
    SELECT name, at, refilled_at,
      LEAST($3::float8, tokens + GREATEST(0, EXTRACT(EPOCH FROM (at - refilled_at)))::float8 * $4::float8) AS available
    FROM cur
  ), granted AS (
    SELECT name, at, refilled_at, available, LEAST(floor(available), $2)::int AS n FROM calc
  )
  UPDATE rate_limit_buckets b
  SET tokens = g.available - g.n, refilled_at = GREATEST(g.at, g.refilled_at)
  FROM granted g WHERE b.name = g.name
  RETURNING g.n AS granted, g.available - g.n AS remaining`;

/**
 * The global limit on the reconciler's DOKU calls (`RECONCILER_RATE_LIMIT_PER_SECOND`
 * across all replicas): a token bucket in PostgreSQL. Callers of `take()` queue here; one
 * loop per replica fetches tokens for the whole queue at once, and sleeps until enough
 * have been refilled, so the database sees a few statements per second, not one per call.
 */
@Injectable()
export class DokuRateLimiter {
  private readonly logger = new Logger(DokuRateLimiter.name);
  private readonly rate: number;
  private readonly capacity: number;
  private readonly waiters: Array<(granted: boolean) => void> = [];
  private pumping = false;
  private closed = false;
  private wake: (() => void) | undefined;

  constructor(
    @Inject(APP_CONFIG) config: ServiceConfig,
    private readonly dataSource: DataSource,
  ) {
    this.rate = config.reconciler.ratePerSecond;
    this.capacity = bucketCapacity(this.rate);
  }

  /** Resolves true when this replica may make one DOKU call; false once closing. */
  take(): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (this.rate === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      if (!this.pumping) void this.pump();
    });
  }

  /** Stops granting: every waiter gets false (shutdown). */
  close(): void {
    this.closed = true;
    this.wake?.();
    for (const w of this.waiters.splice(0)) w(false);
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.waiters.length > 0 && !this.closed) {
        const want = Math.min(this.waiters.length, this.capacity);
        let waitMs: number;
        try {
          const { granted, remaining } = await this.takeTokens(want);
          for (const w of this.waiters.splice(0, granted)) w(true);
          const needed = Math.min(this.waiters.length, this.capacity) - remaining;
          waitMs = Math.min(1000, Math.max(1, (needed / this.rate) * 1000));
        } catch (err) {
          this.logger.error({ err }, 'could not take tokens from the rate-limit bucket');
          waitMs = 1000;
        }
        if (this.waiters.length > 0 && !this.closed) await this.pause(waitMs);
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Sleeps `ms`, or less when the limiter closes. */
  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    }).finally(() => (this.wake = undefined));
  }

  private async takeTokens(want: number): Promise<{ granted: number; remaining: number }> {
    const params = [RECONCILER_BUCKET, want, this.capacity, this.rate];
    let [row] = await rows<{ granted: number; remaining: number }>(
      this.dataSource,
      TAKE_SQL,
      params,
    );
    if (!row) {
      // The migration creates the bucket; a restored or hand-made database may lack it.
      await this.dataSource.query(
        `INSERT INTO rate_limit_buckets (name, tokens) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING`,
        [RECONCILER_BUCKET],
      );
      [row] = await rows<{ granted: number; remaining: number }>(this.dataSource, TAKE_SQL, params);
    }
    return { granted: Number(row?.granted ?? 0), remaining: Number(row?.remaining ?? 0) };
  }
}
