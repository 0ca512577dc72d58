// The chaos run's table: one row per scenario, the zero columns first.
const COLUMNS = [
  ['scenario', (r) => r.scenario],
  ['operations', (r) => r.operations],
  ['faults hit', (r) => r.faults],
  ['wrong', (r) => r.wrong],
  ['lost', (r) => r.lost],
  ['duplicate', (r) => r.duplicate],
  ['5xx', (r) => r.fiveXx],
  ['secrets found', (r) => r.secrets],
  ['duration', (r) => `${(r.durationMs / 1000).toFixed(1)} s`],
];

export function formatTable(results) {
  const rows = results.map((r) => COLUMNS.map(([, get]) => String(get(r))));
  const widths = COLUMNS.map(([h], i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [
    line(COLUMNS.map(([h]) => h)),
    `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

export function printTable(results) {
  console.log(`\n${formatTable(results)}`);
}
