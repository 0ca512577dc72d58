// Compiles apps/, libs/ and migrations/ to dist/ with swc, then the pages (build-web.mjs) (well under a second; type
// checking is `npm run typecheck`, kept out of the start path so `npm start` stays fast).
//
// Every npm script that runs code from dist/ builds first (`npm start`, the migration
// commands, `simulate:pay`), and some of them run beside a live service. So:
// - dist/ is rebuilt only when its sources changed: a hash of what swc compiles is kept in
//   dist/.build-stamp, and an up-to-date dist/ is left alone (`--force` rebuilds anyway);
// - dist/ is never rewritten under a process that runs from it: the service and the
//   migration commands register in dist/.in-use/<pid>.json while they run; when one of
//   them is alive the build refuses, naming it, and changes nothing;
// - a rebuild compiles into a fresh folder and swaps it in whole, so a process starting
//   meanwhile never sees a half-written dist/.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const SOURCES = ['apps', 'libs', 'migrations'];
const INPUTS = ['.swcrc', 'scripts/build.mjs', 'scripts/build-web.mjs'];
const force = process.argv.includes('--force');

/** What swc compiles: .ts files outside specs and test folders, plus the build's own inputs. */
function sourceStamp() {
  const files = [...INPUTS];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'test' && e.name !== 'node_modules') walk(p);
      } else if (/\.(ts|html|css)$/.test(p) && !p.endsWith('.spec.ts')) files.push(p);
    }
  };
  SOURCES.forEach(walk);
  const hash = createHash('sha256');
  for (const f of files.sort()) hash.update(`${f}\0`).update(readFileSync(f)).update('\0');
  return hash.digest('hex');
}

const readStamp = (dir) => {
  try {
    return readFileSync(path.join(dir, '.build-stamp'), 'utf8').trim();
  } catch {
    return undefined;
  }
};

/** The same test as apps/payment-service/src/database/process-liveness.ts. */
function isAlive({ pid, startTicks }) {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if (err.code !== 'EPERM') return false;
  }
  let fields;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return true;
  }
  if (fields[0] === 'Z') return false;
  return startTicks === undefined || fields[19] === startTicks;
}

/** Live processes registered as running from dist/. */
function distUsers() {
  const dir = path.join('dist', '.in-use');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => {
      try {
        return [JSON.parse(readFileSync(path.join(dir, f), 'utf8'))];
      } catch {
        return [];
      }
    })
    .filter((u) => Number.isInteger(u.pid) && isAlive(u));
}

function refuseIfInUse(cleanup = () => {}) {
  const users = distUsers();
  if (users.length === 0) return;
  cleanup();
  const who = users.map((u) => `${u.pid} (${u.command ?? 'node'})`).join(', ');
  process.stderr.write(
    `dist/ is out of date with the sources (or --force was given), but process ${who} ` +
      `runs from it: rebuilding would rewrite its files. dist/ was left as it is. Stop ` +
      `${users.length === 1 ? 'that process' : 'those processes'} first, then run the command again.\n`,
  );
  process.exit(1);
}

const stamp = sourceStamp();
if (!force && readStamp('dist') === stamp) process.exit(0);
refuseIfInUse();

const out = `dist.build-${process.pid}`;
rmSync(out, { recursive: true, force: true });
const result = spawnSync(
  process.execPath,
  [
    'node_modules/@swc/cli/bin/swc.js',
    ...SOURCES,
    '-d',
    out,
    '--config-file',
    '.swcrc',
    '--quiet',
    '--ignore',
    '**/*.spec.ts,**/test/**,apps/payment-service/web/**',
  ],
  { stdio: 'inherit' },
);
if (result.status !== 0) {
  rmSync(out, { recursive: true, force: true });
  process.exit(result.status ?? 1);
}
// The pages (admin console): their own step (the browser specs can rebuild just them).
const web = spawnSync(process.execPath, ['scripts/build-web.mjs', out], { stdio: 'inherit' });
if (web.status !== 0) {
  rmSync(out, { recursive: true, force: true });
  process.exit(web.status ?? 1);
}
writeFileSync(path.join(out, '.build-stamp'), `${stamp}\n`);
// Another build may have finished meanwhile (two test files building at once): keep it.
if (!force && readStamp('dist') === stamp) {
  rmSync(out, { recursive: true, force: true });
  process.exit(0);
}
refuseIfInUse(() => rmSync(out, { recursive: true, force: true }));
const old = `dist.old-${process.pid}`;
if (existsSync('dist')) renameSync('dist', old);
renameSync(out, 'dist');
rmSync(old, { recursive: true, force: true });
