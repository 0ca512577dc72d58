import type { LoggerService } from '@nestjs/common';

/**
 * Nest's own boot chatter: module wiring, route mapping, "Starting Nest application".
 * Useful when debugging the wiring (LOG_LEVEL=debug shows it), noise every other day.
 */
export const FRAMEWORK_CONTEXTS = new Set([
  'NestFactory',
  'NestApplication',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'RouterModule',
]);

/** Nest logs this at init(), before the server listens (or fails to): never worth saying. */
const PREMATURE_READY = 'Nest application successfully started';

/**
 * The app's logger as Nest sees it: the JSON logger, with the framework's lines (whatever
 * their level) demoted to debug. Nest passes the logger's context as the last argument.
 * The listen error Nest logs itself is demoted too: the bootstrap reports a taken port in
 * one line of its own (startup/startup-error.ts).
 */
export class FrameworkQuietLogger implements LoggerService {
  constructor(
    private readonly inner: LoggerService,
    /** Told of errors that mean "the database is unreachable" (it logs the state change). */
    private readonly database?: { report(err: unknown): boolean },
  ) {}

  /**
   * A warning or an error line about a database-unavailable error (a sweep, a claim, a
   * write that met the outage) adds nothing to the outage's own line: written at debug.
   */
  private outage(message: unknown): boolean {
    if (!this.database || !message || typeof message !== 'object') return false;
    const err = message instanceof Error ? message : (message as { err?: unknown }).err;
    return err !== undefined && this.database.report(err);
  }

  private framework(params: unknown[]): boolean {
    const context = params[params.length - 1];
    return typeof context === 'string' && FRAMEWORK_CONTEXTS.has(context);
  }

  private route(level: 'log' | 'warn' | 'error', message: unknown, params: unknown[]): void {
    if (level !== 'log' && this.outage(message)) return void this.inner.debug?.(message, ...params);
    if (!this.framework(params)) return void this.inner[level](message, ...params);
    if (message === PREMATURE_READY) return;
    this.inner.debug?.(message, ...params);
  }

  log(message: unknown, ...params: unknown[]): void {
    this.route('log', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.route('warn', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.route('error', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.inner.debug?.(message, ...params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.inner.verbose?.(message, ...params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.inner.fatal?.(message, ...params);
  }
}
