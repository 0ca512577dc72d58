// The Grafana dashboard and the alert rules in deploy/ query series by name: a renamed or
// dropped metric would leave an empty panel or an alert that can never fire. Every metric
// they name must be one the running service exports (or `up`, which Prometheus adds).
import { readFileSync } from 'node:fs';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { http } from '../../../test/support/http.js';

const deploy = (path: string) =>
  readFileSync(new URL(`../../../deploy/${path}`, import.meta.url), 'utf8');

const PROMQL_WORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'offset',
  'and',
  'or',
  'unless',
  'inf',
  'nan',
]);

/** The metric names a PromQL expression selects. */
export function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // label values
    .replace(/\{[^}]*\}/g, '') // label matchers
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '') // groupings
    .replace(/\[[^\]]*\]/g, '') // ranges
    .replace(/\$\w+/g, ''); // Grafana variables
  const names = [...bare.matchAll(/(?<![\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![\w:])(?!\s*\()/g)]
    .map((m) => m[1])
    .filter((n) => !PROMQL_WORDS.has(n.toLowerCase()));
  return [...new Set(names)];
}

function dashboardExprs(): string[] {
  const dashboard = JSON.parse(deploy('grafana/qris-payment-service.json'));
  const exprs: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if ((k === 'expr' || k === 'query' || k === 'definition') && typeof v === 'string') {
          exprs.push(v.replace(/^label_values\((\w+),\s*\w+\)$/, '$1'));
        } else walk(v);
      }
    }
  };
  walk(dashboard);
  return exprs.filter((e) => e !== 'prometheus'); // the data source variable's type
}

function alertExprs(): string[] {
  // `expr:` followed by a one-line value or a `|` block (indented lines).
  const yaml = deploy('prometheus/alerts.yml');
  const exprs: string[] = [];
  const lines = yaml.split('\n');
  lines.forEach((line, i) => {
    const m = /^(\s*)expr:\s*(.*)$/.exec(line);
    if (!m) return;
    if (m[2] !== '|') return void exprs.push(m[2]);
    const block: string[] = [];
    for (let j = i + 1; j < lines.length && /^\s{10,}\S/.test(lines[j]); j++) block.push(lines[j]);
    exprs.push(block.join(' '));
  });
  return exprs;
}

describe('deploy/: dashboard and alert rules reference what the service exports', () => {
  let t: TestApp;
  let exported: Set<string>;

  beforeAll(async () => {
    t = await startTestApp({ label: 'assets' });
    const res = await http('GET', `${t.url}/metrics`);
    exported = new Set(['up']);
    for (const [, name, type] of res.text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
      exported.add(name);
      if (type === 'histogram')
        for (const s of ['_bucket', '_sum', '_count']) exported.add(name + s);
      if (type === 'summary') for (const s of ['_sum', '_count']) exported.add(name + s);
    }
  });
  afterAll(() => t?.close());

  it('reads metric names out of PromQL (and nothing else)', () => {
    expect(
      metricNames(
        'histogram_quantile(0.95, sum by (le, route) (rate(a_bucket{job=~"$job",x="y z"}[$__rate_interval]))) / max(b offset 15m) > 0.1 and on(instance) c_total',
      ),
    ).toEqual(['a_bucket', 'b', 'c_total']);
  });

  it('every dashboard panel queries exported series', () => {
    const exprs = dashboardExprs();
    expect(exprs.length).toBeGreaterThan(15);
    const unknown = exprs.flatMap((e) => metricNames(e).filter((n) => !exported.has(n)));
    expect(unknown).toEqual([]);
  });

  it('every alert rule queries exported series', () => {
    const exprs = alertExprs();
    expect(exprs).toHaveLength(12);
    const unknown = exprs.flatMap((e) => metricNames(e).filter((n) => !exported.has(n)));
    expect(unknown).toEqual([]);
    // And each alert reads at least one of them.
    expect(exprs.filter((e) => metricNames(e).length === 0)).toEqual([]);
  });
});
