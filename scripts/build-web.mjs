// Builds the pages the service serves (apps/payment-service/web: the admin console) into
// dist/apps/payment-service/web: swc compiles the TypeScript modules one to one (the browser
// loads them as ES modules: no bundler, no framework), the HTML and CSS are copied. Run by
// `npm run build` (into the folder it is building, given as the first argument), and by the
// browser specs (it leaves the rest of dist alone).
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

const SRC = 'apps/payment-service/web';
const ROOT = process.argv[2] ?? 'dist';
const OUT = path.join(ROOT, 'apps/payment-service/web');

rmSync(OUT, { recursive: true, force: true });
const result = spawnSync(
  process.execPath,
  ['node_modules/@swc/cli/bin/swc.js', SRC, '-d', ROOT, '--config-file', '.swcrc', '--quiet'],
  { stdio: 'inherit' },
);
if (result.status !== 0) process.exit(result.status ?? 1);

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else yield p;
  }
}
for (const file of files(SRC)) {
  if (/\.(html|css)$/.test(file)) cpSync(file, path.join(OUT, path.relative(SRC, file)));
}
