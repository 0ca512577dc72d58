/** The one error shape of the API: `{ code, message, details? }`. */
export interface ErrorBody {
  code: string;
  message: string;
  details?: unknown;
  requestId?: string;
}

/** Fastify's `bodyLimit` (app.factory.ts, common/http-level-errors.ts) refused the body. */
export const PAYLOAD_TOO_LARGE = {
  code: 'PAYLOAD_TOO_LARGE',
  message: 'The body is larger than the 1 MiB this service accepts; send a smaller one.',
};

const FASTIFY_CODES: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Send the body as application/json.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'MALFORMED_JSON',
    message: 'The body is empty but Content-Type says application/json: send a JSON object.',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'MALFORMED_JSON',
    message: 'The body is not valid JSON.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, ...PAYLOAD_TOO_LARGE },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'BAD_REQUEST',
    message: 'Content-Length does not match the body.',
  },
};

/** The answer to one of the Fastify error codes above, or null. */
export function knownFastifyError(err: unknown): { status: number; body: ErrorBody } | null {
  const code = (err as { code?: unknown } | null | undefined)?.code;
  const m = typeof code === 'string' ? FASTIFY_CODES[code] : undefined;
  return m ? { status: m.status, body: { code: m.code, message: m.message } } : null;
}

/** Maps an error thrown by Fastify itself (before any Nest handler) to our error body. */
export function fastifyErrorBody(err: {
  code?: string;
  statusCode?: number;
  message?: string;
  name?: string;
}): { status: number; body: ErrorBody } | null {
  const known = knownFastifyError(err);
  if (known) return known;
  if (err.statusCode === 400 && (err.name === 'SyntaxError' || /JSON/.test(err.message ?? ''))) {
    return {
      status: 400,
      body: { code: 'MALFORMED_JSON', message: `The body is not valid JSON: ${err.message}` },
    };
  }
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    return {
      status: err.statusCode,
      body: { code: 'BAD_REQUEST', message: err.message ?? 'Bad request.' },
    };
  }
  return null;
}
