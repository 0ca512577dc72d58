import pg from 'pg';
import { assertTestDatabaseName, createTestDatabase } from '../../../test/support/database.js';

describe('test database harness', () => {
  it('creates a fresh, real PostgreSQL database for a test file', async () => {
    const db = await createTestDatabase('harness');
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query('SELECT current_database() AS name, version() AS version');
    await client.end();
    expect(rows[0].name).toBe(db.name);
    expect(rows[0].version).toMatch(/PostgreSQL/);
    await db.drop();
  });

  it('refuses a database whose name does not contain "test"', () => {
    expect(() => assertTestDatabaseName('payments')).toThrow(/must contain "test"/);
    expect(() => assertTestDatabaseName('payments_test')).not.toThrow();
  });
});
