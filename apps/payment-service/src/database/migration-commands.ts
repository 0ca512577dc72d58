// What `npm run migration:run|revert|show` do and print, on an initialised DataSource.
import { type DataSource, MigrationExecutor } from 'typeorm';
import { withMigrationLock } from './data-source.js';

interface Listed {
  name: string;
  timestamp: number;
}

/** `1764000650000  DokuMayHaveActed1764000650000  (2025-11-24T16:10:50.000Z)` */
export function describeMigration(m: Listed): string {
  const at = Number.isFinite(m.timestamp) ? new Date(m.timestamp).toISOString() : 'no date';
  return `${m.timestamp}  ${m.name}  (${at})`;
}

/** Applied migrations (oldest first), pending ones, and applied ones this build does not know. */
export async function migrationStatus(
  ds: DataSource,
): Promise<{ applied: Listed[]; pending: Listed[]; unknown: Listed[] }> {
  const executor = new MigrationExecutor(ds);
  const executed = (await executor.getExecutedMigrations()).sort(
    (a, b) => (a.id ?? 0) - (b.id ?? 0),
  );
  const known = new Set(ds.migrations.map((m) => m.name));
  return {
    applied: executed.filter((m) => known.has(m.name)),
    pending: await executor.getPendingMigrations(),
    unknown: executed.filter((m) => !known.has(m.name)),
  };
}

export async function showMigrations(ds: DataSource): Promise<string> {
  const { applied, pending, unknown } = await migrationStatus(ds);
  const list = (items: Listed[]) =>
    items.length ? items.map((m) => `  ${describeMigration(m)}`) : ['  none'];
  const lines = [`Applied (${applied.length}):`, ...list(applied)];
  lines.push(`Pending (${pending.length}):`, ...list(pending));
  if (unknown.length) {
    lines.push(`Applied but not in this build (${unknown.length}):`, ...list(unknown));
  }
  return lines.join('\n');
}

/** Reverts the last applied migration (under the migration lock) and says which it was. */
export async function revertLastMigration(ds: DataSource, url: string): Promise<string> {
  return withMigrationLock(url, async () => {
    const executor = new MigrationExecutor(ds);
    const before = await executor.getExecutedMigrations();
    if (before.length === 0) return 'Nothing to revert: no migration is applied.';
    await ds.undoLastMigration({ transaction: 'each' });
    const after = new Set((await executor.getExecutedMigrations()).map((m) => m.name));
    const reverted = before.find((m) => !after.has(m.name));
    if (!reverted) throw new Error('the last migration was not reverted');
    return `Reverted ${describeMigration(reverted)}.`;
  });
}
