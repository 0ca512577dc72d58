import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../database/database-unavailable.js';
import { unavailableReason } from '../health/database-availability.js';
import { DomainError, HTTP_STATUS_OF_KIND } from './domain-error.js';
import { type ErrorBody, fastifyErrorBody, knownFastifyError } from './error-body.js';
import { errorBodyFor } from './http-level-errors.js';

/** What a 503 DATABASE_UNAVAILABLE tells the caller to wait. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

const CODE_OF_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
};

/** One filter answers every error as `{ code, message, details? }` with the right status. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  /**
   * `tagRequestId`: put the request id on the error line (when no request context does).
   * `onDatabaseUnavailable`: told of each database-unavailable error (the outage itself is
   * logged once, as a state change: health/database-availability.ts).
   */
  constructor(
    private readonly options: {
      tagRequestId?: boolean;
      onDatabaseUnavailable?: (err: unknown) => void;
    } = {},
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const { status, body, headers } = this.toResponse(exception, request);
    const reqId = this.options.tagRequestId ? { reqId: String(request.id) } : {};
    if (body.code === 'DATABASE_UNAVAILABLE') {
      // A "come back shortly" during an outage: one short line per request, no stack.
      this.options.onDatabaseUnavailable?.(exception);
      this.logger.warn(
        { code: body.code, reason: unavailableReason(exception), ...reqId },
        'request failed',
      );
    } else if (status >= 500) {
      this.logger.error({ err: exception, code: body.code, ...reqId }, 'request failed');
    }
    body.requestId = String(request.id);
    if (headers) for (const [k, v] of Object.entries(headers)) void reply.header(k, v);
    // DOKU's routes answer SNAP's shape, whatever failed.
    void reply.status(status).send(errorBodyFor(request.url, status, body));
  }

  private toResponse(
    exception: unknown,
    request: FastifyRequest,
  ): { status: number; body: ErrorBody; headers?: Record<string, string> } {
    if (exception instanceof DomainError) {
      return {
        status: HTTP_STATUS_OF_KIND[exception.kind],
        body: {
          code: exception.code,
          message: exception.message,
          ...(exception.details !== undefined ? { details: exception.details } : {}),
        },
        headers: exception.headers,
      };
    }
    if (exception instanceof HttpException) {
      // Nest's adapter wraps Fastify's own errors (body limit, empty JSON body); their
      // codes say more than the wrapped message.
      const known = knownFastifyError(exception.cause);
      if (known) return known;
      const status = exception.getStatus();
      const res = exception.getResponse();
      if (typeof res === 'object' && res && 'code' in res && 'message' in res) {
        return { status, body: res as ErrorBody };
      }
      if (status === 404) {
        return {
          status,
          body: {
            code: 'ROUTE_NOT_FOUND',
            message: `No route ${request.method} ${request.url.split('?')[0]}.`,
          },
        };
      }
      const raw =
        typeof res === 'string'
          ? res
          : ((res as { message?: unknown }).message ?? exception.message);
      const message = Array.isArray(raw) ? raw.join('; ') : String(raw);
      // Nest's body parser reports malformed JSON as a plain 400.
      if (status === 400 && /JSON/.test(message)) {
        return {
          status,
          body: { code: 'MALFORMED_JSON', message: `The body is not valid JSON: ${message}` },
        };
      }
      return { status, body: { code: CODE_OF_STATUS[status] ?? 'ERROR', message } };
    }
    if (isDatabaseUnavailable(exception)) {
      // PostgreSQL is down, restarting or out of connections: the pool reconnects by itself,
      // so this is a "come back shortly", not a fault (a create retried with the same
      // Idempotency-Key never creates twice).
      return {
        status: 503,
        body: {
          code: 'DATABASE_UNAVAILABLE',
          message: `Our database is unreachable right now; retry in ${DATABASE_RETRY_AFTER_SECONDS} seconds (with the same Idempotency-Key for a create: it never creates twice).`,
        },
        headers: { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) },
      };
    }
    const mapped = fastifyErrorBody(
      exception as { code?: string; statusCode?: number; message?: string; name?: string },
    );
    if (mapped) return mapped;
    return {
      status: 500,
      body: {
        code: 'INTERNAL_ERROR',
        message: 'Something went wrong on our side; quote the request id when reporting it.',
      },
    };
  }
}
