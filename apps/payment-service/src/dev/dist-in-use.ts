// `npm run build` (scripts/build.mjs) never rewrites dist/ under a process that runs from it:
// while this process runs from a local build (a dist/ folder with a .build-stamp), it says
// so in dist/.in-use/<pid>.json. The record goes at exit; one left by a killed process is
// recognised as stale by its pid and start time.
import { existsSync, mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { currentProcessIdentity } from '../database/process-liveness.js';

/** Registers this process as a user of the build `moduleUrl` belongs to (no build: nothing). */
export function registerDistUse(moduleUrl: string, command: string): void {
  let dir = path.dirname(fileURLToPath(moduleUrl));
  while (!existsSync(path.join(dir, '.build-stamp'))) {
    const up = path.dirname(dir);
    if (up === dir) return; // run from the sources (tests) or a build without a stamp
    dir = up;
  }
  const file = path.join(dir, '.in-use', `${process.pid}.json`);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ ...currentProcessIdentity(), command }) + '\n');
  } catch {
    return; // a read-only image: nobody rebuilds there
  }
  process.on('exit', () => {
    try {
      unlinkSync(file);
    } catch {
      // already gone
    }
  });
}
