// `npm run migration:show` and `migration:revert` against a real database: what they list,
// what they revert, and what they say when there is nothing to revert.
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '#migrations';
import { dataSourceOptions, runMigrationsLocked } from '../src/database/data-source.js';
import { revertLastMigration, showMigrations } from '../src/database/migration-commands.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';

const names = MIGRATIONS.map((m) => new m().name!);
const last = names[names.length - 1];
const timestampOf = (name: string) => name.match(/(\d{13})$/)![1];

describe('migration commands', () => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase('migration_commands');
    ds = await new DataSource(dataSourceOptions(db.url, 2)).initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('show lists every migration as pending on an empty database', async () => {
    const text = await showMigrations(ds);
    expect(text).toContain('Applied (0):\n  none');
    expect(text).toContain(`Pending (${names.length}):`);
    for (const name of names) expect(text).toContain(`${timestampOf(name)}  ${name}`);
  });

  it('revert says there is nothing to revert when no migration is applied', async () => {
    expect(await revertLastMigration(ds, db.url)).toBe(
      'Nothing to revert: no migration is applied.',
    );
  });

  it('revert names the migration it reverted, and show then lists it as pending', async () => {
    await runMigrationsLocked(ds, db.url);
    expect(await showMigrations(ds)).toContain(`Applied (${names.length}):`);
    expect(await showMigrations(ds)).toContain('Pending (0):\n  none');

    const said = await revertLastMigration(ds, db.url);
    const at = new Date(Number(timestampOf(last))).toISOString();
    expect(said).toBe(`Reverted ${timestampOf(last)}  ${last}  (${at}).`);
    const rows: { name: string }[] = await ds.query('SELECT name FROM typeorm_migrations');
    expect(rows.map((r) => r.name)).not.toContain(last);

    const text = await showMigrations(ds);
    expect(text).toContain(`Applied (${names.length - 1}):`);
    expect(text).toContain(`Pending (1):\n  ${timestampOf(last)}  ${last}  (${at})`);
  });

  it('show names applied migrations this build does not know', async () => {
    await ds.query(
      `INSERT INTO typeorm_migrations (timestamp, name) VALUES (1999999999999, 'FromANewerBuild1999999999999')`,
    );
    expect(await showMigrations(ds)).toContain(
      'Applied but not in this build (1):\n  1999999999999  FromANewerBuild1999999999999',
    );
    await ds.query(`DELETE FROM typeorm_migrations WHERE name = 'FromANewerBuild1999999999999'`);
  });
});
