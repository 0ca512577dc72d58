import type { IncomingMessage } from 'node:http';
import type { DestinationStream } from 'pino';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';

/**
 * Redacted everywhere: credentials in headers and any field that holds a secret. A test
 * captures the log output and asserts that a known secret never appears in it.
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

export function loggerParams(
  level: string,
  accessLog: boolean,
  stream?: DestinationStream,
): Params {
  return {
    // Every route, named explicitly: the module's default pattern does not match on Fastify here.
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
    pinoHttp: [
      {
        level,
        redact: { paths: REDACT_PATHS, censor: '[redacted]' },
        // Fastify already made the id (honouring a sane incoming X-Request-Id).
        genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id?: string }).id ?? '',
        autoLogging: accessLog
          ? {
              ignore: (req: IncomingMessage) =>
                req.url === '/health/live' || req.url === '/metrics',
            }
          : false,
        quietReqLogger: true,
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
