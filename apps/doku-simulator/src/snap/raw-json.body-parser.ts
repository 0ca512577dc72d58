// SNAP signatures cover the exact bytes received, so the body parser keeps them
// (`req.rawBody`) and parses JSON itself: a body that is not JSON becomes INVALID_JSON for
// the endpoint to answer with its own SNAP code, instead of Fastify's generic 400.
import type { FastifyRequest } from 'fastify';

export const INVALID_JSON: Readonly<Record<string, never>> = Object.freeze({});

export type RawBodyRequest = FastifyRequest & { rawBody?: Buffer };

export function rawJsonBodyParser(
  req: RawBodyRequest,
  body: Buffer,
  done: (err: Error | null, body?: unknown) => void,
): void {
  req.rawBody = body;
  if (body.length === 0) {
    done(null, undefined);
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    parsed = INVALID_JSON;
  }
  done(null, parsed);
}

const EMPTY = Buffer.alloc(0);

/** The raw bytes of the request body (empty when there was none). */
export function rawBodyOf(req: RawBodyRequest): Buffer {
  return req.rawBody ?? EMPTY;
}
