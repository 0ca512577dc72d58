// Compiles apps/, libs/ and migrations/ to dist/ with swc (well under a second; type
// checking is `npm run typecheck`, kept out of the start path so `npm start` stays fast).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
const result = spawnSync(
  process.execPath,
  [
    'node_modules/@swc/cli/bin/swc.js',
    'apps',
    'libs',
    'migrations',
    '-d',
    'dist',
    '--config-file',
    '.swcrc',
    '--quiet',
    '--ignore',
    '**/*.spec.ts,**/test/**',
  ],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
