// `npm run bench`: every benchmark in turn (dist/ is built by the npm script). Each prints
// its own ratios against a baseline measured in the same run.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const benches = [
  'qris.bench.mjs',
  'simulator.bench.mjs',
  'orders.bench.mjs',
  'reconciler.bench.mjs',
];
let failed = 0;
for (const bench of benches) {
  console.log(`\n=== ${bench} ===`);
  const r = spawnSync(process.execPath, [path.join(here, bench)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
