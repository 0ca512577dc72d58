// `npm run chaos`: the project's own fault suite. The built service runs as a real process
// (kill -9 is real) on a real PostgreSQL (embedded, or DATABASE_URL's server), against the
// DOKU simulator as a process, with fault storms, crashes, a database outage, fuzzing from
// /docs/openapi.json and a scan of every log line for secrets. Prints a table; exits 1 when
// any scenario counts a wrong, lost or duplicate outcome, a 5xx or a secret.
//
//   npm run chaos                          long mode (builds dist/ first; figures in docs/reliability.md)
//   npm run chaos -- --short               short mode (CHAOS_SHORT=1 too): what `npm test` runs
//   --serial                               one scenario at a time (default: all at once)
//   node bench/chaos/chaos.mjs --only storm,fuzz --seed 7 --json /tmp/chaos.json
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { benchDatabase } from '../lib/harness.mjs';
import { crashDuringCreates } from './scenarios/crash-creates.mjs';
import { databaseOutage } from './scenarios/database-outage.mjs';
import { faultStorm } from './scenarios/fault-storm.mjs';
import { fuzzOpenApi } from './scenarios/fuzz-openapi.mjs';
import { lostAnswers } from './scenarios/lost-answers.mjs';
import { paymentsWhileDown } from './scenarios/payments-while-down.mjs';
import { scanLogsForSecrets } from './scenarios/secrets-in-logs.mjs';
import { printTable } from './lib/table.mjs';
import { figures } from './lib/util.mjs';

const { values: args } = parseArgs({
  options: {
    short: { type: 'boolean', default: process.env.CHAOS_SHORT === '1' },
    seed: { type: 'string', default: process.env.CHAOS_SEED ?? '20260512' },
    only: { type: 'string' },
    json: { type: 'string' },
    serial: { type: 'boolean' },
  },
});

const SCENARIOS = [
  ['lost-answers', lostAnswers],
  ['storm', faultStorm],
  ['crash-creates', crashDuringCreates],
  ['down-payments', paymentsWhileDown],
  ['db-outage', databaseOutage],
  ['fuzz', fuzzOpenApi],
];
const only = args.only?.split(',');
const mode = { short: args.short };
const run = {
  seed: Number(args.seed),
  stacks: [],
  /** Servers a scenario started for itself (dropped by it; here too if the run is stopped). */
  ownDatabases: new Set(),
  db: await benchDatabase('chaos', { restartable: true }),
};
console.log(
  `chaos: ${mode.short ? 'short' : 'long'} mode, seed ${run.seed}, PostgreSQL ${run.db.server ? 'embedded' : 'from DATABASE_URL'}`,
);

// Each scenario has its own stack (service, simulator, database; the outage scenario its own
// PostgreSQL server), so they can run at once: most of their time is spent waiting for the
// service's own clocks (reconciler, leases, refund retries), not on the CPU.
const parallel = !args.serial;
const runOne = async (name, scenario) => {
  const t0 = Date.now();
  if (!parallel) process.stdout.write(`  ${name} ... `);
  let f;
  try {
    f = await scenario(run, mode);
  } catch (err) {
    // A scenario that could not finish is a finding too, never a silent pass.
    f = figures(name);
    f.wrong = 1;
    f.note(`scenario failed: ${err instanceof Error ? err.stack : String(err)}`);
    f.durationMs = Date.now() - t0;
  }
  if (parallel) process.stdout.write(`  ${name} ... `);
  console.log(`${(f.durationMs / 1000).toFixed(1)} s`);
  for (const n of f.notes) console.log(`      - ${n}`);
  return f;
};
// Stopped from outside (a test timeout, Ctrl-C): stop every process and the database first.
for (const signal of ['SIGTERM', 'SIGINT'])
  process.once(signal, async () => {
    setTimeout(() => process.exit(143), 15_000).unref();
    for (const stack of run.stacks) await stack.close().catch(() => {});
    for (const db of run.ownDatabases) await db.drop().catch(() => {});
    await run.db.drop().catch(() => {});
    process.exit(143);
  });
const chosen = SCENARIOS.filter(([name]) => !only || only.includes(name));
const results = [];
const t0 = Date.now();
try {
  if (parallel) results.push(...(await Promise.all(chosen.map(([n, s]) => runOne(n, s)))));
  else for (const [n, s] of chosen) results.push(await runOne(n, s));
  for (const stack of run.stacks) await stack.close().catch(() => {});
  const scan = scanLogsForSecrets(run);
  for (const n of scan.notes) console.log(`      - ${n}`);
  results.push(scan);
} finally {
  for (const stack of run.stacks) await stack.close().catch(() => {});
  await run.db.drop();
}
const wallMs = Date.now() - t0;

printTable(results);
console.log(
  `\n${mode.short ? 'short' : 'long'} mode, ${parallel ? 'scenarios in parallel' : 'one scenario at a time'}: ${(wallMs / 1000).toFixed(1)} s`,
);
const bad = results.filter((r) => r.wrong || r.lost || r.duplicate || r.fiveXx || r.secrets);
if (args.json)
  writeFileSync(
    args.json,
    JSON.stringify(
      {
        mode: mode.short ? 'short' : 'long',
        seed: run.seed,
        parallel,
        wallMs,
        results,
        failed: bad.map((r) => r.scenario),
      },
      null,
      2,
    ),
  );
process.exit(bad.length ? 1 : 0);
