import type { FastifyInstance } from 'fastify';
import type { MetricsService } from './metrics.service.js';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The route label of a request that matched no route (404s, scanners): one series, not one per URL. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * RED per route: one `http_request_duration_seconds` observation per answered request,
 * labelled with the route template Fastify matched (`/v1/orders/:id`), never the raw URL,
 * so ids and query strings cannot mint a series each.
 */
export function recordHttpMetrics(fastify: FastifyInstance, metrics: MetricsService): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.httpDuration.observe(
      {
        method: METHODS.has(request.method) ? request.method : 'OTHER',
        route: request.is404 ? UNMATCHED_ROUTE : (request.routeOptions.url ?? UNMATCHED_ROUTE),
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
