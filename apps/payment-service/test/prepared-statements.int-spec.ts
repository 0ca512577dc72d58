import { DataSource, QueryFailedError } from 'typeorm';
import { prepared } from '../src/database/sql.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';

// `prepared()` runs the hot statements as named prepared statements (database/sql.ts).
describe('prepared statements (real PostgreSQL)', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('prepared');
    // One connection: every call below lands on the same session and its prepared statements.
    ds = await new DataSource({ type: 'postgres', url: db.url, poolSize: 1 }).initialize();
    await ds.query('CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL)');
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const insert = 'INSERT INTO items (id, name) VALUES ($1, $2) RETURNING *';
  const preparedNames = async () =>
    (await ds.query('SELECT statement FROM pg_prepared_statements')) as { statement: string }[];

  it('prepares a statement once per connection and reuses it', async () => {
    expect(await prepared(ds, insert, [1, 'one'])).toEqual([{ id: 1, name: 'one' }]);
    expect(await prepared(ds, insert, [2, 'two'])).toEqual([{ id: 2, name: 'two' }]);
    const same = (await preparedNames()).filter((p) => p.statement === insert);
    expect(same).toHaveLength(1);
  });

  it("runs in the caller's transaction: a rollback undoes it", async () => {
    await expect(
      ds.transaction(async (m) => {
        await prepared(m, insert, [3, 'three']);
        expect(await prepared(m, 'SELECT name FROM items WHERE id = $1', [3])).toEqual([
          { name: 'three' },
        ]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await ds.query('SELECT * FROM items WHERE id = 3')).toEqual([]);
  });

  it('answers errors as TypeORM does (QueryFailedError with the driver error)', async () => {
    const err = await prepared(ds, insert, [1, 'again']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueryFailedError);
    expect((err as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe(
      '23505',
    );
  });

  it('survives a migration that changes the result type of a prepared RETURNING *', async () => {
    await prepared(ds, insert, [10, 'ten']);
    await ds.query("ALTER TABLE items ADD COLUMN colour text NOT NULL DEFAULT 'red'");
    // The prepared plan's result type no longer matches: PostgreSQL refuses it once.
    expect(await prepared(ds, insert, [11, 'eleven'])).toEqual([
      { id: 11, name: 'eleven', colour: 'red' },
    ]);
    expect(await prepared(ds, insert, [12, 'twelve'])).toEqual([
      { id: 12, name: 'twelve', colour: 'red' },
    ]);
  });

  it('sends plain statements when the DataSource says so (DATABASE_PREPARED_STATEMENTS=false)', async () => {
    const plain = await new DataSource({
      type: 'postgres',
      url: db.url,
      poolSize: 1,
      extra: { preparedStatements: false },
    }).initialize();
    try {
      const select = 'SELECT name FROM items WHERE id = $1';
      expect(await prepared(plain, select, [1])).toEqual([{ name: 'one' }]);
      await plain.transaction((m) => prepared(m, select, [2]));
      expect(await plain.query('SELECT count(*)::int AS n FROM pg_prepared_statements')).toEqual([
        { n: 0 },
      ]);
    } finally {
      await plain.destroy();
    }
  });

  it('inside a transaction the stale plan fails that transaction, and the next call works', async () => {
    await prepared(ds, 'SELECT * FROM items WHERE id = $1', [10]);
    await ds.query('ALTER TABLE items ADD COLUMN size int');
    await expect(
      ds.transaction((m) => prepared(m, 'SELECT * FROM items WHERE id = $1', [10])),
    ).rejects.toThrow(/cached plan must not change result type/);
    expect(await prepared(ds, 'SELECT * FROM items WHERE id = $1', [10])).toEqual([
      { id: 10, name: 'ten', colour: 'red', size: null },
    ]);
  });
});
