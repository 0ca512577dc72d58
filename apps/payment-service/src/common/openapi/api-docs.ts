import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { ApiKeyMatcher, bearerToken } from '../../auth/api-key.matcher.js';
import type { ServiceConfig } from '../../config/app-config.js';
import { buildOpenApiDocument } from './document.js';

/** Every URL Swagger serves: the UI, its assets and the JSON document. */
const DOCS_URL = /^\/docs(?:[/?-]|$)/;

/**
 * `/docs` and `/docs/openapi.json`, as API_DOCS says: `public`, `admin` (an admin key as
 * Bearer or as the Basic auth password, so a browser can open them), or `off` (not served:
 * the routes do not exist, so they answer 404 like any unknown URL).
 */
export function setupApiDocs(app: NestFastifyApplication, config: ServiceConfig): void {
  if (config.apiDocs === 'off') return;
  if (config.apiDocs === 'admin') {
    const admins = new ApiKeyMatcher(config.auth.adminKeys);
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onRequest', async (request, reply) => {
        if (!DOCS_URL.test(request.url)) return;
        const key =
          bearerToken(request.headers.authorization) ??
          basicPassword(request.headers.authorization);
        if (key !== null && admins.match(key) !== null) return;
        return reply
          .status(401)
          .header('WWW-Authenticate', 'Basic realm="API docs", charset="UTF-8"')
          .send({
            code: 'ADMIN_KEY_REQUIRED',
            message:
              'The API docs need an admin API key: `Authorization: Bearer <key>`, or any user name with the key as password.',
          });
      });
  }
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
}

/** `Authorization: Basic base64(user:password)` -> password; anything else -> null. */
function basicPassword(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  const m = /^Basic\s+([A-Za-z0-9+/=]{1,1024})\s*$/i.exec(header);
  if (!m) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i >= 0 && i < decoded.length - 1 ? decoded.slice(i + 1) : null;
}
