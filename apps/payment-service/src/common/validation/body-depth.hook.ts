import { SNAP_PATHS, snapCode, type SnapOperation } from '#doku-snap';
import type { FastifyInstance } from 'fastify';
import { bodyTooDeepMessage, MAX_BODY_DEPTH, nestsDeeperThan } from './body-depth.js';

/** The routes DOKU calls answer in SNAP's shape, whatever the error (see notifications/). */
const SNAP_ROUTES: Record<string, SnapOperation> = {
  [SNAP_PATHS.notify]: 'notify',
  [SNAP_PATHS.tokenB2b]: 'tokenB2b',
};

/**
 * Refuses a parsed JSON body nested deeper than `limit`, on every route, before validation,
 * guards or handlers run (Fastify's preValidation: right after the body is parsed), so no
 * recursive code ever sees it and nothing is written. 400 BODY_TOO_DEEP, or on DOKU's routes
 * SNAP's 400 "Invalid Field Format".
 */
export function refuseDeepBodies(fastify: FastifyInstance, limit = MAX_BODY_DEPTH): void {
  fastify.addHook('preValidation', async (request, reply) => {
    if (!nestsDeeperThan(request.body, limit)) return;
    const message = bodyTooDeepMessage(limit);
    const snap = SNAP_ROUTES[request.url.split('?')[0]];
    if (snap) {
      return reply.status(400).send({
        responseCode: snapCode(400, snap, '01'),
        responseMessage: `Invalid Field Format: ${message}`,
      });
    }
    return reply.status(400).send({
      code: 'BODY_TOO_DEEP',
      message,
      details: { maxDepth: limit },
      requestId: String(request.id),
    });
  });
}
