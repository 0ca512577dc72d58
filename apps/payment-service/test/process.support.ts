// The built service (and its commands) as processes, as an operator runs them: a clean
// environment, output collected, exit awaited.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(new URL('../../..', import.meta.url).pathname);
export const main = path.join(root, 'dist/apps/payment-service/src/main.js');

export interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs `command args` in the repository with only `env` (plus PATH and HOME) set. */
export function runProcess(
  command: string,
  args: string[],
  env: Record<string, string>,
  cwd = root,
): Running {
  let out = '';
  // A clean environment: nothing from the test runner (no DATABASE_URL) leaks in.
  const child = spawn(command, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** The built service (`npm start` without its build step). */
export function runService(env: Record<string, string>, cwd = root): Running {
  return runProcess(process.execPath, [main], env, cwd);
}

/**
 * Waits for the ready line: stdout is a pipe here, so the banner is one JSON line (the keys
 * are in the credentials file it names). Returns the base URL, the dev service key, the line.
 */
export async function ready(
  r: Running,
): Promise<{ base: string; serviceKey: string; line: Record<string, string> }> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const raw = r
      .output()
      .split('\n')
      .find((l) => l.startsWith('{') && l.includes('QRIS payment service ready in'));
    if (raw) {
      const line = JSON.parse(raw) as Record<string, string>;
      const creds = JSON.parse(readFileSync(line.credentialsFile, 'utf8')) as {
        serviceApiKey: string;
      };
      return { base: line.api, serviceKey: creds.serviceApiKey, line };
    }
    if (r.child.exitCode !== null) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`service did not become ready:\n${r.output()}`);
}

/** The pids of PostgreSQL servers running on `dataDir`. */
export function postgresPidsOn(dataDir: string): number[] {
  const ps = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return ps.stdout
    .split('\n')
    .filter((line) => line.includes(`-D ${dataDir}`))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

export function postgresRunningOn(dataDir: string): boolean {
  return postgresPidsOn(dataDir).length > 0;
}

/** Builds dist/ the way the npm scripts do; fails the test if the build fails. */
export function build(): void {
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}${r.stderr}`);
}
