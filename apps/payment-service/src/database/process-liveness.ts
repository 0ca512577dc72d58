// Is the process that wrote a pid file still the same process? A pid alone can be reused
// (after a reboot, or a busy machine), so on Linux the process's start time (field 22 of
// /proc/<pid>/stat, in clock ticks since boot) is recorded beside it and must match.
import { readFileSync } from 'node:fs';

export interface ProcessIdentity {
  pid: number;
  /** Start time in clock ticks since boot; absent where /proc is not available. */
  startTicks?: string;
}

/** Fields 3.. of /proc/<pid>/stat (state first), or undefined (no /proc, or no such pid). */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: split after it.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** The start time of `pid` as the kernel reports it, or undefined. */
export function processStartTicks(pid: number): string | undefined {
  return statFields(pid)?.[19];
}

export function currentProcessIdentity(): ProcessIdentity {
  return { pid: process.pid, startTicks: processStartTicks(process.pid) };
}

/** True while the process is running (and, where recorded, started when it said it did). */
export function isAlive(who: ProcessIdentity): boolean {
  try {
    process.kill(who.pid, 0);
  } catch (err) {
    // EPERM: it exists, run by another user.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const fields = statFields(who.pid);
  if (!fields) return true; // no /proc: the signal test is all there is
  if (fields[0] === 'Z') return false; // exited, not yet reaped by its parent
  return who.startTicks === undefined || fields[19] === who.startTicks;
}
