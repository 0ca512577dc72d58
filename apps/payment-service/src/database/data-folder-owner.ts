// Who owns the embedded PostgreSQL of a data folder. The process that starts the server
// owns it and is the only one that may stop it; it says so in DATA_DIR/postgres.owner
// (pid and process start time). The file is created whole, atomically (written to a
// private temporary name, then hard-linked into place: a link fails if the name exists), so
// of two processes starting together exactly one becomes the owner and the other reads a
// complete record. It sits beside the `postgres` folder, not in it: initdb wants an empty one.
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { currentProcessIdentity, isAlive, type ProcessIdentity } from './process-liveness.js';

/** A service keeps the database while it runs; a command (migrations) only for a moment. */
export type OwnerRole = 'service' | 'command';

export interface OwnerRecord extends ProcessIdentity {
  role: OwnerRole;
  since: string;
}

export type FolderClaim =
  { kind: 'owner'; release(): void } | { kind: 'taken'; owner: OwnerRecord; file: string };

export function ownerFile(root: string): string {
  return path.join(root, 'postgres.owner');
}

export function readOwner(file: string): OwnerRecord | undefined {
  try {
    const r = JSON.parse(readFileSync(file, 'utf8')) as Partial<OwnerRecord>;
    return typeof r.pid === 'number' && Number.isInteger(r.pid) && r.pid > 0
      ? (r as OwnerRecord)
      : undefined;
  } catch {
    return undefined;
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

/**
 * Makes this process the owner of the data folder under `root`, or reports the live owner.
 * An owner record whose process is gone (killed with SIGKILL, the machine restarted) is
 * taken over: moved aside under a name only this process uses and checked to be the dead
 * owner's (a racing process may have replaced it in between), then the claim is retried.
 */
export function claimDataFolder(root: string, role: OwnerRole): FolderClaim {
  const file = ownerFile(root);
  const me: OwnerRecord = { ...currentProcessIdentity(), role, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 10; attempt++) {
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(me) + '\n', { mode: 0o644 });
    try {
      linkSync(tmp, file);
      return { kind: 'owner', release: () => releaseIfMine(file, me) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      unlinkQuietly(tmp);
    }
    const current = readOwner(file);
    if (current && isAlive(current)) return { kind: 'taken', owner: current, file };
    const aside = `${file}.${process.pid}.stale`;
    try {
      renameSync(file, aside);
    } catch {
      continue; // someone else moved it first
    }
    const moved = readOwner(aside);
    if (moved && isAlive(moved)) {
      // A live owner's record (it claimed the folder after we read): give it back.
      try {
        linkSync(aside, file);
      } catch {
        // a third process claimed meanwhile; it is the owner now
      }
    }
    unlinkQuietly(aside);
  }
  throw new Error(`could not claim ${file}: other processes keep claiming it`);
}

/** Removes the owner record if it is still this process's (never another owner's). */
function releaseIfMine(file: string, me: OwnerRecord): void {
  const current = readOwner(file);
  if (current && current.pid === me.pid && current.startTicks === me.startTicks) {
    unlinkQuietly(file);
  }
}
