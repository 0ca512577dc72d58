import { randomUUID } from 'node:crypto';
import { maxHeaderSize, type Server, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { Logger } from '@nestjs/common';
import type {
  ConnectionError,
  FastifyHttpOptions,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
} from 'fastify';
import { snapOperationOf, toSnapError } from '../notifications/snap-error-shape.js';
import type { ErrorBody } from './error-body.js';

/**
 * Errors answered before any controller runs: by Node's HTTP parser (`clientError`), by
 * Fastify's router (`frameworkErrors`), by our first `onRequest` hook (shutdown, Host,
 * content type). Each one answers the error contract `{ code, message, requestId }` with
 * the X-Request-Id header, or SNAP's `{ responseCode, responseMessage }` on DOKU's routes,
 * like the exception filter does for everything after.
 */

/** Bodies above this are refused with 413 (Fastify's `bodyLimit`). */
export const BODY_LIMIT_BYTES = 1024 * 1024;
/** What a refused request during a graceful shutdown is told to wait (another replica serves). */
export const SHUTDOWN_RETRY_AFTER_SECONDS = 1;

const logger = new Logger('HttpParser');

/** The body of an error at `url`: the contract's, or SNAP's on DOKU's routes. */
export function errorBodyFor(url: string, status: number, error: ErrorBody): object {
  const op = snapOperationOf(url);
  return op ? toSnapError(op, status, error) : error;
}

interface Refusal {
  status: number;
  code: string;
  message: string;
  headers?: Record<string, string>;
}

/** Node's `clientError`: what it means for the caller. */
export function clientErrorRefusal(err: { code?: string; reason?: unknown }): Refusal {
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    return {
      status: 431,
      code: 'HEADERS_TOO_LARGE',
      message: `The request's headers (the request line and URL included) are too large: together they must stay under ${maxHeaderSize / 1024} KiB. Send a shorter URL or fewer headers.`,
    };
  }
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return {
      status: 408,
      code: 'REQUEST_TIMEOUT',
      message: 'The request was not received completely in time; send it again.',
    };
  }
  const reason = typeof err.reason === 'string' ? err.reason : (err.code ?? 'unreadable');
  return {
    status: 400,
    code: 'MALFORMED_REQUEST',
    message: `The bytes received are not a valid HTTP/1.1 request (${reason.slice(0, 120)}); check the client or proxy that sent them.`,
  };
}

/**
 * Fastify's `clientErrorHandler`: Node could not parse the request, so there is no request
 * object to answer through; the answer is written to the socket, which is then closed.
 */
export function answerClientError(err: ConnectionError, socket: Socket): void {
  // The peer hung up: nobody to answer (Node's own handler does the same).
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const refusal = clientErrorRefusal(err);
  const requestId = randomUUID();
  // The request line, when the parser got that far, says whether DOKU is calling us.
  const packet: unknown = err.rawPacket; // a Buffer at run time, whatever the typing says
  const head = Buffer.isBuffer(packet) ? packet.toString('latin1', 0, 2048) : '';
  const path = /^[A-Z]+ (\S+) HTTP\//.exec(head)?.[1];
  const body = JSON.stringify(
    errorBodyFor(path ?? '', refusal.status, {
      code: refusal.code,
      message: refusal.message,
      requestId,
    }),
  );
  logger.warn(
    { reqId: requestId, status: refusal.status, code: err.code },
    'request refused by the HTTP parser',
  );
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

/** Fastify's `frameworkErrors`: the router refused the URL before any hook ran. */
export function answerFrameworkError(
  err: { code?: string; statusCode?: number; message?: string },
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const refusal: Refusal =
    err.code === 'FST_ERR_BAD_URL'
      ? {
          status: 400,
          code: 'MALFORMED_URL',
          message:
            'The URL path has a broken percent-encoding (a % not followed by two hex digits, or bytes that are not UTF-8); encode it again.',
        }
      : err.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? {
            status: 400,
            code: 'PATH_PARAMETER_TOO_LONG',
            message: 'A path parameter is longer than this service accepts; check the URL.',
          }
        : {
            status: err.statusCode && err.statusCode < 500 ? err.statusCode : 400,
            code: 'BAD_REQUEST',
            message: 'The request URL cannot be routed; check it.',
          };
  send(request, reply, refusal);
}

function send(request: FastifyRequest, reply: FastifyReply, r: Refusal): FastifyReply {
  const body = { code: r.code, message: r.message, requestId: String(request.id) };
  return reply
    .status(r.status)
    .headers({ 'x-request-id': String(request.id), ...r.headers })
    .send(errorBodyFor(request.url, r.status, body));
}

/** What the first hook refuses before routing, parsing or authentication. */
function refusalBeforeRouting(request: FastifyRequest, closing: boolean): Refusal | null {
  if (closing) {
    return {
      status: 503,
      code: 'SHUTTING_DOWN',
      message:
        'This instance is shutting down; send the request again (another instance will take it).',
      headers: { 'retry-after': String(SHUTDOWN_RETRY_AFTER_SECONDS) },
    };
  }
  // HTTP/1.1 requires Host; Node's own refusal is an empty 400, so Node lets it through
  // (`requireHostHeader: false`) and it is refused here in the contract's words.
  if (request.raw.httpVersion === '1.1' && !request.headers.host) {
    return {
      status: 400,
      code: 'MALFORMED_REQUEST',
      message: 'HTTP/1.1 requires a Host header; send one.',
    };
  }
  // The API speaks JSON only: any other body is refused before a parser guesses at it.
  const hasBody =
    request.headers['content-length'] !== undefined && request.headers['content-length'] !== '0';
  const type = request.headers['content-type'] ?? '';
  if ((hasBody || request.headers['transfer-encoding']) && !/^application\/json\b/i.test(type)) {
    return {
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: `Send the body as application/json (got ${type.slice(0, 60) || 'no Content-Type'}).`,
    };
  }
  return null;
}

/**
 * The first `onRequest` hook: the request id on every answer, then the refusals above.
 * Fastify's own 503 while closing is off (`return503OnClosing: false`); `preClose` marks
 * the shutdown, so a request arriving on a connection still open gets the contract's 503.
 */
export function installRequestRefusals(fastify: FastifyInstance): void {
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    const refusal = refusalBeforeRouting(request, closing);
    if (refusal) return send(request, reply, refusal);
  });
}

/** The Fastify options that route HTTP-level errors through the functions above. */
export const HTTP_ERROR_OPTIONS: Pick<
  FastifyHttpOptions<Server>,
  'bodyLimit' | 'return503OnClosing' | 'clientErrorHandler' | 'frameworkErrors' | 'http'
> = {
  bodyLimit: BODY_LIMIT_BYTES,
  return503OnClosing: false,
  clientErrorHandler: answerClientError,
  frameworkErrors: answerFrameworkError,
  http: { requireHostHeader: false },
};
