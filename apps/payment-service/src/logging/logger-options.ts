import type { IncomingMessage } from 'node:http';
import type { DestinationStream } from 'pino';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import { redactUrlCredentials } from './url-credentials.js';

/**
 * Redacted everywhere: credentials in headers and any field that holds a secret (and, by
 * the stream hook below, credentials inside URLs). Tests capture the log output and assert
 * that a known secret never appears in it.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["authorization-customer"]',
  'req.headers["x-signature"]',
  'req.headers["x-client-key"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.clientSecret',
  '*.privateKeyPem',
  '*.privateKey',
  '*.apiKey',
  '*.accessToken',
  '*.refreshToken',
  '*.password',
  '*.secret',
  '*.secrets',
];

/** Requests the access log leaves out unless HTTP_ACCESS_LOG_PROBES (probes and scrapes). */
export const PROBE_PATHS = new Set(['/health/live', '/health/ready', '/metrics']);

/** A probe or a scrape, whatever its query string. */
export function isProbe(url: string): boolean {
  const q = url.indexOf('?');
  return PROBE_PATHS.has(q === -1 ? url : url.slice(0, q));
}

/**
 * nestjs-pino: the JSON logger behind Nest's `Logger`, with redaction. With `requestContext`
 * its middleware binds each request's logger (carrying `reqId`) for the request's whole
 * async life (AsyncLocalStorage), so every line a request causes names it; without, every
 * line goes through the root logger. The access line is written by the app's own Fastify
 * hook either way (app.factory.ts), so it looks the same in both modes.
 */
export function loggerParams(
  level: string,
  requestContext: boolean,
  stream?: DestinationStream,
): Params {
  return {
    // Every route, named explicitly: the module's default pattern does not match on Fastify here.
    forRoutes: requestContext ? [{ path: '{*splat}', method: RequestMethod.ALL }] : [],
    pinoHttp: [
      {
        level,
        redact: { paths: REDACT_PATHS, censor: '[redacted]' },
        // Paths cannot reach inside strings: credentials in URLs are scrubbed from each
        // finished line (query values named like keys, userinfo), whatever wrote it.
        hooks: { streamWrite: redactUrlCredentials },
        // Fastify already made the id (honouring a sane incoming X-Request-Id).
        genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id?: string }).id ?? '',
        autoLogging: false,
        quietReqLogger: true,
        // The access line (app.factory.ts) passes the raw request and response.
        serializers: {
          req: (req: { method: string; url: string; id: string }) => ({
            id: req.id,
            method: req.method,
            url: req.url,
          }),
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        },
        base: { service: 'payment-service' },
      },
      stream as DestinationStream,
    ].filter(Boolean) as Params['pinoHttp'],
  };
}
