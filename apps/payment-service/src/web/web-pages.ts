import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';

/**
 * The pages the service serves itself (issue 15): the admin console at /admin, built by
 * `npm run build` from apps/payment-service/web into dist (plain ES modules and one
 * stylesheet: no CDN, works offline). The pages hold no secret; everything they show comes
 * from the admin API behind the session cookie.
 */
export const PAGE_HEADERS: Record<string, string> = {
  // Only our own scripts, styles, images and API: no inline script, no framing.
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** dist/apps/payment-service/web, found from this file in dist or in the sources (tests). */
export function webRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return path.join(dir, 'dist', 'apps', 'payment-service', 'web');
}

/** A handler answering one built HTML page with the page headers (503 while unbuilt). */
export function servePage(file: string) {
  const root = webRoot();
  return (_req: unknown, reply: FastifyReply) => {
    const full = path.join(root, file);
    if (!existsSync(full)) {
      return reply
        .code(503)
        .header('content-type', 'text/plain; charset=utf-8')
        .send('The pages are not built: run `npm run build`.');
    }
    return reply.headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(readFileSync(full));
  };
}

/** The compiled modules and the stylesheet under `prefix`, only from the given page folders. */
export async function serveAssets(
  app: NestFastifyApplication,
  prefix: string,
  folders: string[],
): Promise<void> {
  await app.register(fastifyStatic as never, {
    root: webRoot(),
    prefix,
    decorateReply: false,
    index: false,
    // Only what the pages load: compiled modules and the stylesheet.
    allowedPath: (p: string) =>
      /\.(js|css)$/.test(p) &&
      !p.includes('..') &&
      folders.some((f) => p.replace(/^\//, '').startsWith(`${f}/`)),
    // @fastify/static 10 hands the Fastify reply here.
    setHeaders: (reply: FastifyReply) => void reply.headers(PAGE_HEADERS),
  });
}

export async function registerWebPages(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/admin', servePage('admin/index.html'));
  fastify.get('/admin/', servePage('admin/index.html'));
  await serveAssets(app, '/admin/assets/', ['admin', 'shared']);
}
