import pg from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '#migrations';

// Postgres `bigint` (int8) holds money in minor units. Values stay far below 2^53 (the
// maximum order is configurable and bounded), so they are parsed as JS numbers: integer
// minor units everywhere in the code, never floats.
pg.types.setTypeParser(20, (value: string) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n))
    throw new RangeError(`bigint ${value} exceeds the safe integer range`);
  return n;
});

export function dataSourceOptions(
  url: string,
  poolSize: number,
  preparedStatements = true,
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    poolSize,
    entities: [],
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: {
      application_name: 'qris-payment-service',
      connectionTimeoutMillis: 10000,
      // Read by `prepared()` (database/sql.ts); pg ignores the key.
      preparedStatements,
    },
  };
}

// One advisory lock key for migrations: several replicas starting together apply them once.
const MIGRATION_LOCK = 728_361_904;

/**
 * Runs `work` holding the migration advisory lock on a separate connection. The lock is
 * polled with pg_try_advisory_lock, never waited for inside a statement: a session blocked
 * in pg_advisory_lock holds a snapshot, and a CREATE INDEX CONCURRENTLY in the migrations
 * of the replica holding the lock waits for every older snapshot to end. The two would wait
 * on each other forever (PostgreSQL sees no cycle: the lock's own session is idle).
 */
export async function withMigrationLock<T>(url: string, work: () => Promise<T>): Promise<T> {
  const lock = new pg.Client({ connectionString: url, application_name: 'qris-migration-lock' });
  await lock.connect();
  try {
    for (;;) {
      const { rows } = await lock.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
        MIGRATION_LOCK,
      ]);
      if (rows[0].ok) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return await work();
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.end();
  }
}

/** Applies pending migrations under a session advisory lock held on a separate connection. */
export async function runMigrationsLocked(dataSource: DataSource, url: string): Promise<string[]> {
  return withMigrationLock(url, async () => {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  });
}
