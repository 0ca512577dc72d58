// `npm run migration:show` and `migration:revert` against a real database: what they list,
// what they revert, and what they say when there is nothing to revert.
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '#migrations';
import {
  dataSourceOptions,
  runMigrationsLocked,
  withMigrationLock,
} from '../src/database/data-source.js';
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

  it('a replica waiting for the migration lock lets a concurrent index build finish', async () => {
    // Replica A holds the lock and builds an index CONCURRENTLY, as RetentionIndexes does,
    // while replica B waits for the lock. CIC waits for every older snapshot: B must not
    // hold one while it waits, or A never finishes and B never gets the lock.
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    let proceed!: () => void;
    const go = new Promise<void>((resolve) => (proceed = resolve));
    const order: string[] = [];
    const a = withMigrationLock(db.url, async () => {
      entered();
      await go;
      await ds.query('CREATE TABLE lock_probe (id int)');
      await ds.query('CREATE INDEX CONCURRENTLY lock_probe_idx ON lock_probe (id)');
      order.push('a built the index');
    });
    await inside;
    const b = withMigrationLock(db.url, async () => {
      order.push('b got the lock');
    });
    // B is waiting for the lock (its session is connected and has asked at least once).
    for (;;) {
      const waiting: { n: number }[] = await ds.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'qris-migration-lock' AND datname = current_database()`,
      );
      if (waiting[0].n === 2) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    proceed();
    await Promise.all([a, b]);
    expect(order).toEqual(['a built the index', 'b got the lock']);
    await ds.query('DROP TABLE lock_probe');
  }, 20_000);

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
