import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service.js';

/** The reconciler's own series, in the app's registry (beside `reconciler_lag_seconds`). */
@Injectable()
export class ReconcilerMetrics {
  readonly orders: Counter<'outcome'>;
  readonly sweepDuration: Histogram;
  readonly rateLimitWait: Histogram;
  readonly leaseRenewals: Counter;

  constructor(readonly base: MetricsService) {
    const registers = [base.registry];
    this.orders = new Counter({
      name: 'reconciler_orders_total',
      help: 'Orders the reconciler worked on, by outcome (paid, expired, failed, stillPending, error...).',
      labelNames: ['outcome'] as const,
      registers,
    });
    this.sweepDuration = new Histogram({
      name: 'reconciler_sweep_duration_seconds',
      help: 'Duration of one reconciler sweep (claim, DOKU calls, results).',
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
    });
    this.rateLimitWait = new Histogram({
      name: 'reconciler_rate_limit_wait_seconds',
      help: 'Time a reconciler DOKU call waited for a token of the global rate limit.',
      buckets: [0.001, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers,
    });
    this.leaseRenewals = new Counter({
      name: 'reconciler_lease_renewals_total',
      help: 'Leases of claimed orders renewed while they waited for a worker (a slow sweep).',
      registers,
    });
  }
}
