// Compiles apps/, libs/ and migrations/ to dist/ with swc, then the pages (build-web.mjs) (well under a second; type
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
    '**/*.spec.ts,**/test/**,apps/payment-service/web/**',
  ],
  { stdio: 'inherit' },
);
if (result.status !== 0) process.exit(result.status ?? 1);
// The pages (admin console): their own step, so the browser specs can rebuild just them.
const web = spawnSync(process.execPath, ['scripts/build-web.mjs'], { stdio: 'inherit' });
process.exit(web.status ?? 1);
