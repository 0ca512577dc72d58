import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * An HTTP answer decided by a service rather than thrown: idempotent creations store it and
 * replay it (status, body, headers) for the same key.
 */
export interface ApiAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Answered for an Idempotency-Key already seen with the same body (`Idempotent-Replayed`). */
  replayed?: boolean;
}

/**
 * The answer to a request whose Idempotency-Key was already used with the same body: the
 * first answer, or the current state of what the first request made. Nothing new was
 * created, which the shop can tell from `Idempotent-Replayed: true` (Stripe's header). A 409
 * "still in progress" is not a replay: the first request has no answer yet.
 */
export function asReplay(answer: ApiAnswer): ApiAnswer {
  return answer.status === 409 ? answer : { ...answer, replayed: true };
}

/**
 * Puts an answer on the reply; error bodies get the request id like every other error.
 * `resourcePath` maps the created resource's id to its GET route: every 201 carries it as
 * `Location` (relative to the service's base URL, so it stays right behind a proxy).
 */
export function sendAnswer(
  req: FastifyRequest,
  reply: FastifyReply,
  answer: ApiAnswer,
  resourcePath?: (id: string) => string,
): unknown {
  void reply.status(answer.status);
  for (const [k, v] of Object.entries(answer.headers ?? {})) void reply.header(k, v);
  const id = (answer.body as { id?: unknown } | null)?.id;
  if (answer.status === 201 && resourcePath && typeof id === 'string') {
    void reply.header('Location', resourcePath(id));
  }
  if (answer.replayed) void reply.header('Idempotent-Replayed', 'true');
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
