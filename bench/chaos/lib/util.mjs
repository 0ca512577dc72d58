// Small shared pieces of the chaos scenarios: a seeded random stream, the figures of a
// scenario, and what a shop does with an answer.
import { randomUUID } from 'node:crypto';
import pg from 'pg';

/**
 * A PostgreSQL client for the suite's own reads. A connection the server cuts (an outage,
 * a restart) is noted, never an uncaught 'error' that ends the whole run.
 */
export function sqlClient(connectionString, f) {
  const c = new pg.Client({ connectionString });
  c.on('error', (err) => f?.note(`suite's SQL connection lost: ${err.code ?? ''} ${err.message}`));
  return c;
}

/** mulberry32: a small seeded stream, so a seed replays the same storm. */
export function seeded(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    pick: (list) => list[Math.floor(next() * list.length)],
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
  };
}

/** The figures one scenario reports (one row of the table). */
export function figures(scenario) {
  return {
    scenario,
    operations: 0,
    faults: 0,
    wrong: 0,
    lost: 0,
    duplicate: 0,
    fiveXx: 0,
    secrets: 0,
    durationMs: 0,
    notes: [],
    /** Counted 5xx: a 500 is always a bug; other 5xx only where the scenario says so. */
    countAnswer(res, { gatewayFaults = false } = {}) {
      this.operations++;
      if (!res) return;
      if (res.status >= 500 && (res.status === 500 || !gatewayFaults)) {
        this.fiveXx++;
        this.note(`${res.status} ${res.body?.code ?? res.text?.slice(0, 80)}`);
      }
    },
    note(line) {
      if (this.notes.length < 40 && !this.notes.includes(line)) this.notes.push(line);
    },
  };
}

/** Progress lines on stderr with CHAOS_TRACE=1 (what a stuck run was doing). */
export const trace = (...a) => {
  if (process.env.CHAOS_TRACE === '1')
    process.stderr.write(`[chaos ${new Date().toISOString().slice(11, 23)}] ${a.join(' ')}\n`);
};

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const key = (prefix) => `${prefix}-${randomUUID()}`;

/** A shop order body. */
export const orderBody = (ref, amount) => ({
  merchantReference: ref,
  amount,
  currency: 'IDR',
  expiresInSeconds: 900,
});

/** Sums one Prometheus counter's samples whose labels pass `keep`. */
export function sumCounter(metricsText, name, keep = () => true) {
  let total = 0;
  for (const line of metricsText.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const labels = Object.fromEntries(
      [...line.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (keep(labels)) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}
