import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type ServiceConfig } from '../config/app-config.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { presentOrder, type OrderView } from '../orders/order.presenter.js';
import { OrdersRepository } from '../orders/orders.repository.js';
import { ORDER_ID } from '../orders/orders.service.js';
import {
  cappedPollLease,
  isNextRegularPoll,
  type ReconcileOutcome,
} from './domain/reconcile-decision.js';
import { DokuRateLimiter } from './doku-rate-limiter.js';
import { LEASE_RENEWAL_MS, type SweepLeases, sweepLeases } from './domain/sweep-leases.js';
import {
  type DeferReschedule,
  factsOf,
  OrderReconciliation,
  type ReconcileResult,
  type Trigger,
} from './order-reconciliation.js';
import { RECONCILER_CLOCK, type Clock } from './reconciler-clock.js';
import { ReconcilerMetrics } from './reconciler.metrics.js';
import { type ClaimedOrder, ReconcilerRepository } from './reconciler.repository.js';

export interface SweepSummary {
  claimed: number;
  paid: number;
  expired: number;
  failed: number;
  stillPending: number;
  errors: number;
  cancelled: number;
  flagged: number;
  confirmed: number;
  settled: number;
  superseded: number;
  /** Claimed, but the lease ran short before the query could start: due again at its end. */
  skipped: number;
}

/** An admin's reconciliation always asks DOKU: never `skipped`. */
export type ReconcileNowOutcome = Exclude<ReconcileOutcome, 'skipped'>;

export interface ReconcileNowAnswer {
  orderId: string;
  outcome: ReconcileNowOutcome;
  dokuAnswer: ReconcileResult['dokuAnswer'];
  nextPollAt: string | null;
  order: OrderView;
}

/** Deferred "poll again later" writes are flushed in statements of this many orders. */
const RESCHEDULE_BATCH = 64;
/** A sweep stops claiming new batches after this long, so its summary is logged regularly. */
export const SWEEP_BUDGET_MS = 30_000;

const SWEEP: Trigger = { source: 'reconciler', actor: 'reconciler' };

function emptySummary(): SweepSummary {
  return {
    claimed: 0,
    paid: 0,
    expired: 0,
    failed: 0,
    stillPending: 0,
    errors: 0,
    cancelled: 0,
    flagged: 0,
    confirmed: 0,
    settled: 0,
    superseded: 0,
    skipped: 0,
  };
}

const SUMMARY_KEY: Record<ReconcileOutcome, keyof SweepSummary> = {
  paid: 'paid',
  expired: 'expired',
  failed: 'failed',
  cancelled: 'cancelled',
  flagged: 'flagged',
  confirmed: 'confirmed',
  settled: 'settled',
  stillPending: 'stillPending',
  error: 'errors',
  superseded: 'superseded',
  skipped: 'skipped',
};

/**
 * The sweep: claims due orders in batches (SKIP LOCKED + lease), works on them with
 * bounded concurrency under the global rate limit, and says what it did. Any number of
 * replicas can run it at once; PostgreSQL hands each due order to exactly one of them.
 */
@Injectable()
export class ReconcilerService {
  private readonly logger = new Logger(ReconcilerService.name);
  private stopping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
    @Inject(RECONCILER_CLOCK) private readonly clock: Clock,
    private readonly repo: ReconcilerRepository,
    private readonly orders: OrdersRepository,
    private readonly reconciliation: OrderReconciliation,
    private readonly limiter: DokuRateLimiter,
    private readonly metrics: MetricsService,
    private readonly own: ReconcilerMetrics,
  ) {}

  /** The sweep's leases, from the configuration (`domain/sweep-leases.ts`). */
  leases(): SweepLeases {
    const { batchSize, concurrency, ratePerSecond } = this.config.reconciler;
    return sweepLeases({
      batchSize,
      concurrency,
      ratePerSecond,
      dokuTimeoutMs: this.config.doku.timeoutMs,
    });
  }

  /** One sweep over the due orders. Idempotent: safe to run anywhere, any time. */
  async sweepDue(): Promise<SweepSummary> {
    const summary = emptySummary();
    const stopTimer = this.own.sweepDuration.startTimer();
    const started = Date.now();
    const { batchSize, concurrency } = this.config.reconciler;
    const { refillBelow, workMs, leaseMs, slowestSweepMs } = this.leases();
    const regular = cappedPollLease(workMs);
    await this.updateLag();
    const queue: ClaimedOrder[] = [];
    let exhausted = false;
    let claiming: Promise<void> | undefined;

    const claimMore = async () => {
      try {
        const now = this.clock.now();
        const batch = await this.repo.claimDue(now, batchSize, {
          fallback: new Date(now.getTime() + leaseMs),
          regular,
          isNextPoll: (order, lease) => isNextRegularPoll(factsOf(order), now, lease),
        });
        summary.claimed += batch.length;
        queue.push(...batch);
        if (batch.length < batchSize || Date.now() - started > SWEEP_BUDGET_MS) exhausted = true;
      } catch (err) {
        this.logger.error({ err }, 'reconciler claim failed');
        exhausted = true;
      }
    };
    // The orders waiting in the queue keep their leases while this replica lives: every
    // LEASE_RENEWAL_MS, one statement renews those claimed (or renewed) longer ago than that.
    // A worker takes no order while a renewal runs, so the lease it works by is the row's.
    let renewing: Promise<void> | undefined;
    const renew = async (waiting: ClaimedOrder[], lease: Date) => {
      try {
        const renewed = await this.repo.renewLeases(waiting, lease);
        for (const c of waiting) if (renewed.has(c.order.id)) c.lease = lease;
        this.own.leaseRenewals.inc(renewed.size);
      } catch (err) {
        // The leases still hold for a while; an order whose lease ran short is skipped.
        this.logger.warn({ err, orders: waiting.length }, 'could not renew the leases');
      }
    };
    const renewal = setInterval(() => {
      if (renewing) return;
      const now = this.clock.now().getTime();
      const waiting = queue.filter(
        (c) =>
          !c.leaseIsNextPoll &&
          c.lease.getTime() - now < leaseMs - LEASE_RENEWAL_MS &&
          now - c.claimedAt.getTime() < slowestSweepMs,
      );
      if (waiting.length === 0) return;
      renewing = renew(waiting, new Date(now + leaseMs)).finally(() => (renewing = undefined));
    }, LEASE_RENEWAL_MS);
    renewal.unref();
    // Workers pull from a local queue; the next batch is claimed while half of the current
    // one still waits, so DOKU never waits for the database between batches.
    const nextClaim = async (): Promise<ClaimedOrder | undefined> => {
      for (;;) {
        if (this.stopping) exhausted = true;
        if (renewing) {
          await renewing;
          continue;
        }
        if (!exhausted && !claiming && queue.length < refillBelow) {
          claiming = claimMore().finally(() => (claiming = undefined));
        }
        const claim = queue.shift();
        if (claim) return claim;
        if (claiming) await claiming;
        else if (exhausted) return undefined;
      }
    };
    // "Poll again later" results are written in bulk, one write at a time: what piles up
    // while one is written goes into the next (at least RESCHEDULE_BATCH orders each).
    let deferred: { claim: ClaimedOrder; next: Date | null; outcome: ReconcileOutcome }[] = [];
    const defer: DeferReschedule = (claim, next, outcome) =>
      deferred.push({ claim, next, outcome });
    let flushing: Promise<void> | undefined;
    const startFlush = (min: number) => {
      if (flushing || deferred.length === 0 || deferred.length < min) return;
      flushing = flush().finally(() => {
        flushing = undefined;
        startFlush(RESCHEDULE_BATCH);
      });
    };
    const flush = async () => {
      const items = deferred;
      deferred = [];
      let held: Set<string>;
      try {
        held = await this.repo.rescheduleMany(items);
      } catch (err) {
        // The leases run out and later sweeps poll these orders again.
        this.logger.error({ err, orders: items.length }, 'could not write the next polls');
        held = new Set();
      }
      for (const i of items) {
        if (held.has(i.claim.order.id)) continue;
        summary[SUMMARY_KEY[i.outcome]]--;
        summary.superseded++;
      }
    };
    const worker = async () => {
      for (let claim = await nextClaim(); claim; claim = await nextClaim()) {
        if (this.stopping) {
          await this.repo.release(claim).catch(() => undefined);
          continue;
        }
        const r = await this.reconcileClaim(claim, SWEEP, defer);
        summary[SUMMARY_KEY[r.outcome]]++;
        // Written in the background: the worker goes on with the next order.
        startFlush(RESCHEDULE_BATCH);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    clearInterval(renewal);
    await renewing;
    while (flushing || deferred.length > 0) {
      startFlush(1);
      await flushing;
    }
    await this.updateLag();
    stopTimer();
    return summary;
  }

  /** `POST /admin/v1/orders/{id}/reconcile`: the same logic for one order, now. */
  async reconcileNow(orderId: string, actor: string): Promise<ReconcileNowAnswer> {
    if (!ORDER_ID.test(orderId)) {
      throw new DomainError(
        'invalid',
        'INVALID_ORDER_ID',
        `"${orderId.slice(0, 40)}" is not an order id (they look like ord_ followed by 24 letters and digits).`,
      );
    }
    const now = this.clock.now();
    const claim = await this.repo.claimOne(
      orderId,
      new Date(now.getTime() + this.leases().leaseMs),
    );
    if (!claim) throw new DomainError('not_found', 'ORDER_NOT_FOUND', `No order ${orderId}.`);
    const r = await this.reconcileClaim(claim, { source: 'admin', actor });
    // Only a sweep's order can be skipped (its query waits for the lease's end).
    if (r.outcome === 'skipped') throw new Error('an admin reconciliation was skipped');
    const [order, nextPollAt] = await Promise.all([
      this.orders.findById(orderId),
      this.repo.nextPollAt(orderId),
    ]);
    return {
      orderId,
      outcome: r.outcome,
      dokuAnswer: r.dokuAnswer,
      nextPollAt: nextPollAt?.toISOString() ?? null,
      order: presentOrder(order!),
    };
  }

  /** Stops claiming and granting DOKU calls; orders claimed but not started are given back. */
  stop(): void {
    this.stopping = true;
    this.limiter.close();
  }

  private async reconcileClaim(
    claim: ClaimedOrder,
    trigger: Trigger,
    defer?: DeferReschedule,
  ): Promise<ReconcileResult> {
    let result: ReconcileResult;
    try {
      result = await this.reconciliation.reconcile(claim, trigger, defer);
    } catch (err) {
      // A bug or the database: the lease runs out and a later sweep tries again.
      this.logger.error({ err, orderId: claim.order.id }, 'reconciling an order failed');
      result = { orderId: claim.order.id, outcome: 'error', dokuAnswer: null };
    }
    this.own.orders.inc({ outcome: result.outcome });
    return result;
  }

  /**
   * Sets `reconciler_lag_seconds`: how long the oldest due order has been waiting (0 when
   * nothing is due). Measured at the start and the end of every sweep.
   */
  async updateLag(): Promise<number | null> {
    try {
      const now = this.clock.now();
      const oldest = await this.repo.oldestDue(now);
      const lag = oldest ? Math.max(0, now.getTime() - oldest.getTime()) / 1000 : 0;
      this.metrics.reconcilerLagSeconds.set(lag);
      return lag;
    } catch (err) {
      this.logger.warn({ err }, 'could not measure the reconciler lag');
      return null;
    }
  }
}
