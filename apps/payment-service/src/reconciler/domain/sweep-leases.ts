// How long a sweep's claims hold, from the configuration alone (pure: no clock, no I/O).
// The figures with the defaults are in docs/reconciler.md ("The lease").

/** DOKU calls one order may need in a sweep (query, cancel) plus a token fetch. */
export const CALLS_PER_ORDER = 3;

/**
 * How often a sweep renews the leases of the orders waiting in its local queue (one
 * statement for all of them, and only for those claimed or renewed more than this long
 * ago: a queue that moves renews nothing).
 */
export const LEASE_RENEWAL_MS = 5_000;

/**
 * A claim's lease is the order's next regular poll only when that leaves this long beyond
 * the work itself for the order's wait in the local queue.
 */
const QUEUE_ALLOWANCE_MS = 10_000;

/** How long the work on one order may take: each of its calls up to the DOKU timeout. */
export function workBudgetMs(dokuTimeoutMs: number): number {
  return CALLS_PER_ORDER * dokuTimeoutMs + 2_000;
}

/**
 * How long a query may take: a token fetch and the query, each up to the DOKU timeout. A
 * sweep starts an order's query only while its lease still has this long to run, so no
 * other replica can claim the order and ask DOKU about it at the same time.
 */
export function queryBudgetMs(dokuTimeoutMs: number): number {
  return 2 * dokuTimeoutMs + 2_000;
}

export interface SweepSettings {
  batchSize: number;
  concurrency: number;
  /** The global rate limit on the reconciler's DOKU calls (0: none). */
  ratePerSecond: number;
  dokuTimeoutMs: number;
}

export interface SweepLeases {
  /** The next batch is claimed when fewer orders than this wait in the local queue. */
  refillBelow: number;
  /**
   * What an order's lease must still hold when a worker takes it from the local queue: the
   * work on the order, the rate limit's wait for the whole local queue, and an allowance
   * for the queue itself. Also the shortest lease that can be an order's next regular poll.
   */
  workMs: number;
  /**
   * The lease of an order not leased until its next regular poll (and of an admin's
   * claim): `workMs` plus the renewal's slack (a period, up to a period of age before a
   * renewal, a period for a late timer and the statement). Renewed while the order waits,
   * it need not cover the whole batch; it is the longest a replica that dies holds its
   * orders.
   */
  leaseMs: number;
  /**
   * How long a live sweep keeps renewing a waiting order's lease, from its claim: the
   * slowest sweep, every claimed order (a batch, plus the next one fetched early) waiting
   * for a worker, then for its calls at the DOKU timeout and for rate-limit tokens. Past
   * it (a wedged replica) the lease runs out.
   */
  slowestSweepMs: number;
}

export function sweepLeases(s: SweepSettings): SweepLeases {
  const refillBelow = Math.max(s.concurrency, Math.ceil(s.batchSize / 2));
  const inQueue = s.batchSize + refillBelow;
  const rateWaitMs = s.ratePerSecond > 0 ? (inQueue * CALLS_PER_ORDER * 1000) / s.ratePerSecond : 0;
  const perOrder = workBudgetMs(s.dokuTimeoutMs);
  const workMs = perOrder + rateWaitMs + QUEUE_ALLOWANCE_MS;
  const rounds = Math.ceil(inQueue / s.concurrency);
  return {
    refillBelow,
    workMs,
    leaseMs: Math.ceil(workMs + 3 * LEASE_RENEWAL_MS),
    slowestSweepMs: Math.ceil(rounds * perOrder + rateWaitMs + 30_000),
  };
}
