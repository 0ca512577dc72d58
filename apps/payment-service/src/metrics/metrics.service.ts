import { Injectable } from '@nestjs/common';
import type { SnapObservedOutcome } from '#doku-snap';
import { Counter, Histogram, Registry, collectDefaultMetrics, Gauge } from 'prom-client';

/** One Prometheus registry per app instance (tests run several apps in one process). */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route template (never the raw URL; `unmatched` for a 404 of no route) and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly dokuCalls = new Counter({
    name: 'doku_calls_total',
    help: 'DOKU SNAP calls by operation and outcome.',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly dokuCallDuration = new Histogram({
    name: 'doku_call_duration_seconds',
    help: "DOKU SNAP call duration, from the call to its final outcome (retries and backoff included), by operation, outcome and DOKU's responseCode (`none` when no answer came).",
    labelNames: ['operation', 'outcome', 'response_code'] as const,
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30],
    registers: [this.registry],
  });
  readonly dokuCredentialsStatus = new Gauge({
    name: 'doku_credentials_status',
    help: "What DOKU last said of this replica's credentials: 1 for the current state (ok, auth_failed, unreachable, unknown), 0 for the others.",
    labelNames: ['state'] as const,
    registers: [this.registry],
  });
  readonly ordersTransitions = new Counter({
    name: 'order_transitions_total',
    help: 'Order status transitions by target status and source.',
    labelNames: ['to', 'source'] as const,
    registers: [this.registry],
  });
  readonly webhookDeliveries = new Counter({
    name: 'webhook_delivery_attempts_total',
    help: 'Webhook delivery attempts by result.',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly reconcilerLagSeconds = new Gauge({
    name: 'reconciler_lag_seconds',
    help: 'Age of the oldest due poll (how far behind the reconciler sweep is).',
    registers: [this.registry],
  });

  readonly retentionPrunedRows = new Counter({
    name: 'retention_pruned_rows_total',
    help: 'Rows deleted by the retention sweep, by table.',
    labelNames: ['table'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Fed by the DOKU client's `onOutcome` with every token request and every call. */
  observeDokuCall(outcome: SnapObservedOutcome): void {
    this.dokuCallDuration.observe(
      {
        operation: outcome.operation,
        outcome: outcome.kind,
        // SNAP codes are 7 digits: anything else (a garbled answer) must not mint series.
        response_code:
          outcome.responseCode && /^\d{7}$/.test(outcome.responseCode)
            ? outcome.responseCode
            : outcome.responseCode
              ? 'other'
              : 'none',
      },
      outcome.durationMs / 1000,
    );
  }
}
