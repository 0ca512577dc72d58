/** The one error shape of the API: `{ code, message, details? }`. */
export interface ErrorBody {
  code: string;
  message: string;
  details?: unknown;
  requestId?: string;
}

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
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    message: 'The body is larger than the service accepts.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'BAD_REQUEST',
    message: 'Content-Length does not match the body.',
  },
};

/** Maps an error thrown by Fastify itself (before any Nest handler) to our error body. */
export function fastifyErrorBody(err: {
  code?: string;
  statusCode?: number;
  message?: string;
  name?: string;
}): { status: number; body: ErrorBody } | null {
  if (err.code && FASTIFY_CODES[err.code]) {
    const m = FASTIFY_CODES[err.code];
    return { status: m.status, body: { code: m.code, message: m.message } };
  }
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
