// A fresh database per test file, on the run's one PostgreSQL (test/global-setup.mjs).
// The real migrations are applied, exactly as at service start: no mocked database, ever.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Refuses any database whose name does not say it is for tests. */
export function assertTestDatabaseName(name: string): void {
  if (!/test/i.test(name)) {
    throw new Error(
      `Refusing to run tests against database "${name}": its name must contain "test".`,
    );
  }
}

export interface TestDatabase {
  /** Connection URL of the fresh database. */
  url: string;
  name: string;
  /** Drops the database (terminating its connections). */
  drop(): Promise<void>;
}

function adminUrl(): URL {
  const raw = process.env.TEST_PG_ADMIN_URL;
  if (!raw)
    throw new Error(
      'TEST_PG_ADMIN_URL is not set: run the suite through `npm test` (Jest globalSetup).',
    );
  return new URL(raw);
}

/** Creates an empty database named `test_<label>_<random>` (migrations are applied by the caller/app). */
export async function createTestDatabase(label = 'db'): Promise<TestDatabase> {
  const admin = adminUrl();
  const name =
    `test_${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`.slice(
      0,
      63,
    );
  assertTestDatabaseName(name);
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(admin.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: admin.toString() });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
