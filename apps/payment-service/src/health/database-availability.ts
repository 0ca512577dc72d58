import { Global, Injectable, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isDatabaseUnavailable } from '../database/database-unavailable.js';

/** What PostgreSQL or the socket said, in one line: `ECONNREFUSED: connect ECONNREFUSED …`. */
export function unavailableReason(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown; driverError?: unknown; errors?: unknown };
  if (e?.driverError) return unavailableReason(e.driverError);
  if (Array.isArray(e?.errors) && e.errors.length > 0) return unavailableReason(e.errors[0]);
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : String(err);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

/**
 * Whether a socket error inside `err` names another server than the database (a shop's
 * webhook endpoint refusing the connection looks like a database outage by its code
 * alone): a `port` that is not the database's.
 */
export function pointsElsewhere(err: unknown, databasePort: number, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as { port?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.port === 'number' && e.port !== databasePort) return true;
  const inner = [e.driverError, e.cause, ...(Array.isArray(e.errors) ? e.errors : [])];
  return inner.some((i) => i !== err && pointsElsewhere(i, databasePort, depth + 1));
}

/**
 * Whether this replica can reach PostgreSQL, as a state whose changes are logged: one
 * warning when it becomes unreachable, one info line when it is back, instead of a stack
 * from every request and every sweep in between. "Unreachable" is reported by whoever meets
 * a database-unavailable error (the error filter, readiness, and any log line carrying such
 * an `err`: logging/framework-quiet-logger.ts folds those); "back" by the pool opening a
 * new connection or readiness answering.
 */
@Injectable()
export class DatabaseAvailability implements OnModuleInit {
  private readonly logger = new Logger('Database');
  private downSince: number | undefined;
  private readonly port: number;

  constructor(private readonly dataSource: DataSource) {
    const url = (dataSource.options as { url?: string }).url;
    this.port = Number((url && new URL(url).port) || 5432);
  }

  onModuleInit(): void {
    // pg's Pool: 'connect' once a new connection is established (the server answers).
    const pool = (this.dataSource.driver as { master?: NodeJS.EventEmitter }).master;
    pool?.on?.('connect', () => this.reachable());
  }

  get reachableNow(): boolean {
    return this.downSince === undefined;
  }

  /** Reports an error; returns whether it was a database-unavailable one. */
  report(err: unknown): boolean {
    if (!isDatabaseUnavailable(err) || pointsElsewhere(err, this.port)) return false;
    this.unreachable(err);
    return true;
  }

  unreachable(err: unknown): void {
    if (this.downSince !== undefined) return;
    this.downSince = Date.now();
    this.logger.warn({ reason: unavailableReason(err) }, 'database unreachable');
  }

  reachable(): void {
    if (this.downSince === undefined) return;
    const downForMs = Date.now() - this.downSince;
    this.downSince = undefined;
    this.logger.log({ downForMs }, 'database reachable again');
  }
}

@Global()
@Module({ providers: [DatabaseAvailability], exports: [DatabaseAvailability] })
export class DatabaseAvailabilityModule {}
