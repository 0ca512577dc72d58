// Helpers for the reconciler's e2e specs: steer the reconciler's injected clock, create
// orders through the API, seed many open orders fast (SQL + the simulator's seed endpoint),
// and read what happened (events, webhooks, the simulator's ledger).
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { INestApplicationContext } from '@nestjs/common';
import type { RunningSimulator } from '#doku-simulator';
import { newId } from '../src/common/ids.js';
import { RECONCILER_CLOCK, type Clock } from '../src/reconciler/reconciler-clock.js';
import { ReconcilerService, type SweepSummary } from '../src/reconciler/reconciler.service.js';
import { TEST_SERVICE_KEY } from '../../../test/support/app.js';
import { http } from '../../../test/support/http.js';
import { startStack, type Stack } from '../../../test/support/stack.js';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The reconciler's clock of one app, moved by hand: `advance(ms)` shifts it from the wall clock. */
export interface SteeredClock {
  now(): Date;
  advance(ms: number): void;
  /** Moves the clock to `at` (+ `plusMs`) if it is behind it. */
  reach(at: Date, plusMs?: number): void;
  reset(): void;
}

export function steerClock(app: INestApplicationContext): SteeredClock {
  const clock = app.get<Clock>(RECONCILER_CLOCK);
  let offset = 0;
  // The app's clock is a plain object made for this app: replacing its method is enough.
  clock.now = () => new Date(Date.now() + offset);
  return {
    now: () => new Date(Date.now() + offset),
    advance: (ms) => {
      offset += ms;
    },
    reach: (at, plusMs = 0) => {
      const gap = at.getTime() + plusMs - (Date.now() + offset);
      if (gap > 0) offset += gap;
    },
    reset: () => {
      offset = 0;
    },
  };
}

/** What a reconciler spec file works with: one stack, its database, its steered clock. */
export interface ReconcilerSpec {
  s: Stack;
  ds: DataSource;
  clock: SteeredClock;
}

/**
 * Registers the hooks of a reconciler spec file: one stack for the file, and a clean slate
 * before each test (the clock back on the wall clock, no simulator faults, nothing
 * scheduled: earlier tests' orders must not be due in this one). The fields are set once
 * the file's first `beforeAll` has run.
 */
export function reconcilerSpec(label: string, env: Record<string, string>): ReconcilerSpec {
  const spec = {} as ReconcilerSpec;
  beforeAll(async () => {
    spec.s = await startStack({ label, env });
    spec.ds = spec.s.service.dataSource;
    spec.clock = steerClock(spec.s.service.app);
  });
  afterAll(async () => {
    await spec.s?.close();
  });
  beforeEach(async () => {
    spec.clock.reset();
    spec.s.simulator.resetFaults();
    await unscheduleAll(spec.ds);
  });
  return spec;
}

export function sweep(app: INestApplicationContext): Promise<SweepSummary> {
  return app.get(ReconcilerService).sweepDue();
}

export interface CreatedOrder {
  id: string;
  status: string;
  doku: { partnerReferenceNo: string; referenceNo: string };
}

export async function createOrder(
  url: string,
  body: Record<string, unknown> = {},
): Promise<CreatedOrder> {
  const res = await http('POST', `${url}/v1/orders`, {
    key: TEST_SERVICE_KEY,
    body: { merchantReference: 'INV-rec', amount: 2_500_000, currency: 'IDR', ...body },
    headers: { 'Idempotency-Key': `k-${randomBytes(8).toString('hex')}` },
  });
  if (res.status !== 201) throw new Error(`create answered ${res.status}: ${res.text}`);
  return res.body as CreatedOrder;
}

export interface OrderState {
  status: string;
  flags: string[];
  next_poll_at: Date | null;
  expires_at: Date;
  created_at: Date;
  paid_at: Date | null;
  paid_amount: number | null;
  reference_no: string | null;
  failure_code: string | null;
  poll_count: number;
}

/** The order and its schedule (`order_polls`: no row is no next poll, and no polls counted). */
export async function orderRow(ds: DataSource, id: string): Promise<OrderState> {
  const [row] = await ds.query(
    `SELECT o.status, o.flags, p.next_poll_at, o.expires_at, o.created_at, o.paid_at,
            o.paid_amount, o.reference_no, o.failure_code, coalesce(p.poll_count, 0) AS poll_count
     FROM orders o LEFT JOIN order_polls p ON p.order_id = o.id WHERE o.id = $1`,
    [id],
  );
  return row as OrderState;
}

export async function eventsOf(
  ds: DataSource,
  id: string,
): Promise<{ type: string; source: string; actor: string; details: any }[]> {
  return ds.query(
    'SELECT type, source, actor, details FROM order_events WHERE order_id = $1 ORDER BY id',
    [id],
  );
}

/** Webhook event types written to the outbox for an order, in sequence order. */
export async function webhooksOf(ds: DataSource, id: string): Promise<string[]> {
  const rows: { type: string }[] = await ds.query(
    'SELECT type FROM webhook_events WHERE order_id = $1 ORDER BY sequence',
    [id],
  );
  return rows.map((r) => r.type);
}

/** Schedules the order(s) at `at` (null: no next poll, the `order_polls` row goes). */
export async function setNextPoll(
  ds: DataSource,
  ids: string | string[],
  at: Date | null,
): Promise<void> {
  const list = typeof ids === 'string' ? [ids] : ids;
  if (at === null) {
    await ds.query('DELETE FROM order_polls WHERE order_id = ANY($1)', [list]);
    return;
  }
  await ds.query(
    `INSERT INTO order_polls (order_id, next_poll_at) SELECT unnest($1::text[]), $2
     ON CONFLICT (order_id) DO UPDATE SET next_poll_at = EXCLUDED.next_poll_at`,
    [list, at],
  );
}

/** No order is scheduled any more (a spec's clean slate). */
export async function unscheduleAll(ds: DataSource): Promise<void> {
  await ds.query('DELETE FROM order_polls');
}

export function queryCount(sim: RunningSimulator, referenceNo: string): number {
  return sim.transaction(referenceNo)?.queryCount ?? 0;
}

/** A PENDING order that exists at DOKU (seeded) and in our table, as if created earlier. */
export interface SeededOrder {
  id: string;
  partnerReferenceNo: string;
}

/**
 * Inserts `n` PENDING orders in one statement and seeds their QRs into the simulator over
 * HTTP (bounded concurrency): much faster than `n` creates through the API.
 */
export async function seedPendingOrders(
  ds: DataSource,
  sim: RunningSimulator,
  n: number,
  opts: { createdAt: Date; expiresAt: Date; nextPollAt: Date; amountMinor?: number },
): Promise<SeededOrder[]> {
  const orders = Array.from({ length: n }, () => ({
    id: newId('ord'),
    partnerReferenceNo: randomBytes(16).toString('hex'),
  }));
  const amount = opts.amountMinor ?? 150_000;
  await ds.query(
    `WITH o AS (
       INSERT INTO orders (id, merchant_reference, shop_key_id, amount, currency, status,
          partner_reference_no, reference_no, terminal_id, expires_at, created_at)
       SELECT id, 'INV-seed', 'shop-a', $3, 'IDR', 'PENDING', ref, ref, 'A01', $4, $6
       FROM unnest($1::text[], $2::text[]) AS t(id, ref)
       RETURNING id)
     INSERT INTO order_polls (order_id, next_poll_at) SELECT id, $5 FROM o`,
    [
      orders.map((o) => o.id),
      orders.map((o) => o.partnerReferenceNo),
      amount,
      opts.expiresAt,
      opts.nextPollAt,
      opts.createdAt,
    ],
  );
  let next = 0;
  const validUntil = new Date(Math.max(opts.expiresAt.getTime(), Date.now() + 3_600_000));
  const worker = async () => {
    while (next < orders.length) {
      const o = orders[next++];
      const res = await http('POST', `${sim.url}/simulator/v1/qris`, {
        body: {
          partnerReferenceNo: o.partnerReferenceNo,
          referenceNo: o.partnerReferenceNo,
          amount: (amount / 100).toFixed(2),
          validityPeriod: validUntil.toISOString(),
        },
      });
      if (res.status !== 201 && res.status !== 200)
        throw new Error(`seeding a QR answered ${res.status}: ${res.text}`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return orders;
}

/** Runs sweeps until one claims nothing; returns the summed summary. */
export async function drain(app: INestApplicationContext, maxSweeps = 200): Promise<SweepSummary> {
  const total: Record<string, number> = {};
  for (let i = 0; i < maxSweeps; i++) {
    const s = await sweep(app);
    for (const [k, v] of Object.entries(s)) total[k] = (total[k] ?? 0) + v;
    if (s.claimed === 0) return total as unknown as SweepSummary;
  }
  throw new Error(`still claiming after ${maxSweeps} sweeps`);
}
