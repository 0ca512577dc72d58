import { pino, type DestinationStream, type Logger } from 'pino';
import { REDACT_PATHS } from './logger-options.js';
import { redactUrlCredentials } from './url-credentials.js';

/**
 * The bootstrap's own JSON logger (main.ts: the ready line, waiting for the database,
 * shutdown), for the lines written before the app exists or after it is closed. Same shape
 * and redaction as the app's lines, `context: "Bootstrap"`; synchronous, so nothing is lost
 * when the process exits right after.
 */
export function createProcessLogger(level: string, stream?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'payment-service', context: 'Bootstrap' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      hooks: { streamWrite: redactUrlCredentials },
    },
    stream ?? pino.destination({ fd: 1, sync: true }),
  );
}
