import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * An HTTP answer decided by a service rather than thrown: idempotent creations store it and
 * replay it (status, body, headers) for the same key.
 */
export interface ApiAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Puts an answer on the reply; error bodies get the request id like every other error. */
export function sendAnswer(req: FastifyRequest, reply: FastifyReply, answer: ApiAnswer): unknown {
  void reply.status(answer.status);
  for (const [k, v] of Object.entries(answer.headers ?? {})) void reply.header(k, v);
  return answer.status >= 400
    ? { ...(answer.body as object), requestId: String(req.id) }
    : answer.body;
}

/**
 * The first request with this Idempotency-Key is still running (or waits for DOKU): 409
 * with Retry-After, and what exists so far under `details[name]`.
 */
export function inProgressAnswer(what: string, name: string, view: unknown): ApiAnswer {
  return {
    status: 409,
    headers: { 'Retry-After': '2' },
    body: {
      code: 'REQUEST_IN_PROGRESS',
      message: `${what} with this Idempotency-Key is still being processed; retry in a few seconds.`,
      details: { [name]: view },
    },
  };
}
