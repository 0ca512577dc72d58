import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  DEFAULT_RETRY_POLICY,
  type CallOptions,
  type CancelledQr,
  type DokuSnapClient,
  type QrStatus,
  type SnapOutcome,
} from '#doku-snap';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type ServiceConfig } from '../config/app-config.js';
import { DOKU_CLIENT } from '../gateway/doku-gateway.module.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { type ChangeContext, OrderTransitions } from '../orders/order-transitions.js';
import type { OrderPatch } from '../orders/order.row.js';
import { REQUERY_DELAY_MS, withErrorBackoff } from './domain/poll-schedule.js';
import type { ObservedPayment, QueryAnswer } from './domain/query-answer.js';
import {
  decide,
  type Decision,
  GATEWAY_OUTCOME_UNKNOWN,
  leaseAlreadySchedules,
  type OrderFacts,
  planPoll,
  type ReconcileOutcome,
  type ScheduleSettings,
} from './domain/reconcile-decision.js';
import { queryBudgetMs } from './domain/sweep-leases.js';
import { DokuRateLimiter } from './doku-rate-limiter.js';
import { toQueryAnswer } from './query-answer.mapper.js';
import { RECONCILER_CLOCK, type Clock } from './reconciler-clock.js';
import {
  type ClaimedOrder,
  type ReconciledOrder,
  ReconcilerRepository,
} from './reconciler.repository.js';

export interface ReconcileResult {
  orderId: string;
  outcome: ReconcileOutcome;
  /** What DOKU's query said (null: no query was due, or none could be made). */
  dokuAnswer: QueryAnswer['kind'] | null;
}

/** Who asked: the sweep, or an admin's "reconcile now" (recorded on every event). */
export interface Trigger {
  source: 'reconciler' | 'admin';
  actor: string;
}

/**
 * Takes over the plain "poll again at `next`" writes (the common case) so that the sweep can
 * write them in bulk; the claim's lease still guards each row.
 */
export type DeferReschedule = (
  claim: ClaimedOrder,
  next: Date | null,
  outcome: ReconcileOutcome,
) => void;

/** The reconciler's own backoff is the retry: one HTTP attempt per call, no hidden retries. */
const ONE_ATTEMPT: CallOptions = { retry: { maxAttempts: 1 } };

/** `call()` when the lease ran short before the query could start. */
const LATE = Symbol('late');

export function factsOf(o: ReconciledOrder): OrderFacts {
  return {
    status: o.status,
    flags: o.flags,
    amount: o.amount,
    currency: o.currency,
    createdAt: o.created_at,
    expiresAt: o.expires_at,
    paidAt: o.paid_at,
    paidAmount: o.paid_amount,
  };
}

/**
 * Reconciles one claimed order: asks DOKU (outside any transaction, under the global rate
 * limit), decides with the pure schedule, and records the result through OrderTransitions
 * (guarded, audited, announced) or as a lease-guarded next poll. Idempotent: a notification
 * or another replica that got there first wins, and this ends as `superseded`.
 */
@Injectable()
export class OrderReconciliation {
  private readonly logger = new Logger(OrderReconciliation.name);
  readonly settings: ScheduleSettings;
  private readonly queryBudgetMs: number;

  constructor(
    @Inject(APP_CONFIG) config: ServiceConfig,
    @Inject(DOKU_CLIENT) private readonly doku: DokuSnapClient,
    @Inject(RECONCILER_CLOCK) private readonly clock: Clock,
    private readonly transitions: OrderTransitions,
    private readonly repo: ReconcilerRepository,
    private readonly limiter: DokuRateLimiter,
    private readonly metrics: MetricsService,
    private readonly dataSource: DataSource,
  ) {
    // A generate call may run for its retry budget, then one last attempt, after a token fetch.
    this.settings = {
      generateInFlightMs: DEFAULT_RETRY_POLICY.maxTotalMs + 2 * config.doku.timeoutMs + 5_000,
    };
    this.queryBudgetMs = queryBudgetMs(config.doku.timeoutMs);
  }

  async reconcile(
    claim: ClaimedOrder,
    trigger: Trigger,
    defer?: DeferReschedule,
  ): Promise<ReconcileResult> {
    const o = claim.order;
    const facts = factsOf(o);
    const plan = planPoll(facts, this.clock.now(), this.settings);
    if (plan.kind === 'wait') {
      const held = await this.repo.reschedule(claim, plan.until);
      return { orderId: o.id, outcome: held ? 'stillPending' : 'superseded', dokuAnswer: null };
    }
    // A sweep's order waited in the local queue and for a rate-limit token: its query starts
    // only while the lease still covers it (an admin's claim is made for the call).
    const startBy =
      trigger.source === 'reconciler' ? claim.lease.getTime() - this.queryBudgetMs : undefined;
    const outcome = await this.call(
      'query',
      () =>
        this.doku.queryQr(
          {
            originalPartnerReferenceNo: o.partner_reference_no,
            originalReferenceNo: o.reference_no ?? undefined,
          },
          ONE_ATTEMPT,
        ),
      startBy,
    );
    if (outcome === LATE) {
      // Nothing written: the order is due again when its lease ends.
      return { orderId: o.id, outcome: 'skipped', dokuAnswer: null };
    }
    if (!outcome) {
      // Shutting down before the call: give the order back as it was.
      await this.repo.release(claim);
      return { orderId: o.id, outcome: 'error', dokuAnswer: null };
    }
    const answer = toQueryAnswer(outcome);
    const now = this.clock.now();
    const decision = decide(facts, answer, now, this.settings, Math.random());
    if (claim.leaseIsNextPoll && leaseAlreadySchedules(decision, claim.lease)) {
      // The sweep's common case: the claim already wrote this poll's next one.
      return { orderId: o.id, outcome: 'stillPending', dokuAnswer: answer.kind };
    }
    if (decision.kind === 'keep' && !decision.note && defer) {
      // Only a next poll to write ("poll again at T", or no more polls): written in bulk.
      defer(claim, decision.nextPollAt, decision.outcome);
      return { orderId: o.id, outcome: decision.outcome, dokuAnswer: answer.kind };
    }
    const ctx: ChangeContext = {
      source: trigger.source,
      actor: trigger.actor,
      evidence: evidenceOf(outcome),
      details: {
        dokuAnswer: answer.kind,
        ...('statusCode' in answer ? { dokuStatus: answer.statusCode } : {}),
        ...(trigger.source === 'admin' ? { trigger: 'reconcile' } : {}),
      },
    };
    const result = await this.execute(claim, decision, ctx, now);
    return { orderId: o.id, outcome: result, dokuAnswer: answer.kind };
  }

  private async execute(
    claim: ClaimedOrder,
    d: Decision,
    ctx: ChangeContext,
    now: Date,
  ): Promise<ReconcileOutcome> {
    const o = claim.order;
    switch (d.kind) {
      case 'apply': {
        const patch: OrderPatch = {
          ...(d.payment ? paymentPatch(d.payment, o, now) : {}),
          ...(d.failure
            ? { failure_code: d.failure.code, failure_message: d.failure.message }
            : {}),
          next_poll_at: d.nextPollAt,
        };
        const r = await this.transitions.apply(o.id, d.event, ctx, patch);
        return r.applied ? d.outcome : 'superseded';
      }
      case 'flag': {
        const patch: OrderPatch = {
          ...(d.payment ? paymentPatch(d.payment, o, now) : {}),
          next_poll_at: null,
        };
        const r = await this.transitions.flag(
          o.id,
          d.flag,
          { ...ctx, details: { ...ctx.details, ...d.details } },
          patch,
        );
        return r.applied ? 'flagged' : 'superseded';
      }
      case 'expire':
        return this.expire(claim, d.nextPollAt, ctx);
      case 'cancel_then_fail':
        return this.cancelThenFail(claim, d.referenceNo, d.retryAt, ctx, now);
      case 'cancel_again': {
        const cancel = await this.cancelAtDoku(o, o.reference_no, 'QR expired unpaid');
        const refused = cancel?.kind === 'declined';
        const next = refused ? new Date(now.getTime() + REQUERY_DELAY_MS) : d.nextPollAt;
        if (cancel?.kind === 'success') await this.note(o.id, 'reconciler.qr_cancelled', ctx);
        const held = await this.repo.reschedule(claim, next);
        if (!held) return 'superseded';
        return d.nextPollAt ? 'stillPending' : 'settled';
      }
      case 'keep': {
        const note = d.note;
        const held = note
          ? await this.dataSource.transaction(async (m) => {
              if (!(await this.repo.reschedule(claim, d.nextPollAt, m))) return false;
              await this.transitions.note(
                o.id,
                note.type,
                { ...ctx, details: { ...ctx.details, ...note.details } },
                m,
              );
              return true;
            })
          : await this.repo.reschedule(claim, d.nextPollAt);
        return held ? d.outcome : 'superseded';
      }
    }
  }

  /**
   * The validity passed and DOKU says unpaid: EXPIRED first, then cancel the QR at DOKU.
   * In this order because DOKU announces a cancel with a notification, which must find the
   * order EXPIRED (and change nothing) rather than PENDING (and cancel it). A payment that
   * lands between the two is caught by the late-payment polls: PAID, flagged.
   */
  private async expire(
    claim: ClaimedOrder,
    latePollAt: Date | null,
    ctx: ChangeContext,
  ): Promise<ReconcileOutcome> {
    const o = claim.order;
    const r = await this.transitions.apply(o.id, 'EXPIRED', ctx, { next_poll_at: latePollAt });
    if (!r.applied) return 'superseded';
    const cancel = await this.cancelAtDoku(o, o.reference_no, 'QR expired unpaid');
    if (cancel?.kind === 'success') {
      await this.note(o.id, 'reconciler.qr_cancelled', ctx, cancel);
    } else if (cancel?.kind === 'declined' && latePollAt) {
      // DOKU refuses to cancel a paid QR: look again right away (-> PAID, flagged).
      await this.note(o.id, 'reconciler.cancel_refused', ctx, cancel);
      const next = new Date(this.clock.now().getTime() + REQUERY_DELAY_MS);
      await this.repo.reschedule({ ...claim, lease: latePollAt }, next);
    }
    // Other failures: the next late-payment poll sees the QR still payable and cancels again.
    return 'expired';
  }

  /**
   * DOKU holds an unpaid QR whose generate answer we never received. We cannot hand it out,
   * so it must not stay payable: cancel it at DOKU, and only then mark the order FAILED.
   */
  private async cancelThenFail(
    claim: ClaimedOrder,
    referenceNo: string | null,
    retryAt: Date,
    ctx: ChangeContext,
    now: Date,
  ): Promise<ReconcileOutcome> {
    const o = claim.order;
    const cancel = await this.cancelAtDoku(o, referenceNo, 'generate outcome unknown');
    if (cancel?.kind === 'success' || cancel?.kind === 'not_found') {
      const r = await this.transitions.apply(
        o.id,
        'CREATION_FAILED',
        { ...ctx, details: { ...ctx.details, cancelledAtDoku: cancel.kind === 'success' } },
        {
          failure_code: GATEWAY_OUTCOME_UNKNOWN,
          failure_message:
            'DOKU created the QR but its answer never reached us; the QR was cancelled at DOKU. Nothing was charged; create a new order.',
          ...(referenceNo && !o.reference_no ? { reference_no: referenceNo } : {}),
          next_poll_at: null,
        },
      );
      return r.applied ? 'failed' : 'superseded';
    }
    if (cancel?.kind === 'declined') {
      // Most likely paid just now: query again right away (-> PAID).
      await this.note(o.id, 'reconciler.cancel_refused', ctx, cancel);
      await this.repo.reschedule(claim, new Date(now.getTime() + REQUERY_DELAY_MS));
      return 'stillPending';
    }
    const next = withErrorBackoff(retryAt, now, null, Math.random());
    await this.repo.reschedule(claim, cancel ? next : now);
    return 'error';
  }

  /** `qr-mpm-cancel` under the rate limit; null when shutting down before the call. */
  private async cancelAtDoku(
    o: ReconciledOrder,
    referenceNo: string | null,
    reason: string,
  ): Promise<SnapOutcome<CancelledQr> | null> {
    const outcome = await this.call('cancel', () =>
      this.doku.cancelQr(
        {
          originalPartnerReferenceNo: o.partner_reference_no,
          originalReferenceNo: referenceNo ?? undefined,
          reason,
        },
        ONE_ATTEMPT,
      ),
    );
    return outcome === LATE ? null : outcome; // no `startBy`: never LATE
  }

  /**
   * One DOKU call under the rate limit: null when shutting down before it, LATE when it
   * could not start by `startBy` (epoch ms; checked before the wait for a token, so a late
   * order takes none, and after it).
   */
  private async call<T>(
    operation: 'query' | 'cancel',
    fn: () => Promise<SnapOutcome<T>>,
    startBy?: number,
  ): Promise<SnapOutcome<T> | null | typeof LATE> {
    const late = () => startBy !== undefined && this.clock.now().getTime() > startBy;
    if (late()) return LATE;
    if (!(await this.limiter.take())) return null;
    if (late()) return LATE;
    const outcome = await fn();
    this.metrics.dokuCalls.inc({ operation, outcome: outcome.kind });
    if (outcome.kind !== 'success' && outcome.kind !== 'not_found') {
      this.logger.warn(
        {
          operation,
          outcome: outcome.kind,
          responseCode: outcome.responseCode,
          externalId: outcome.externalId,
        },
        'DOKU call by the reconciler did not succeed',
      );
    }
    return outcome;
  }

  private note(
    orderId: string,
    type: string,
    ctx: ChangeContext,
    outcome?: SnapOutcome<unknown>,
  ): Promise<void> {
    return this.transitions.note(orderId, type, {
      ...ctx,
      ...(outcome ? { evidence: evidenceOf(outcome) } : {}),
      details: {
        ...ctx.details,
        ...(outcome
          ? { responseCode: outcome.responseCode, responseMessage: outcome.responseMessage }
          : {}),
      },
    });
  }
}

function evidenceOf(outcome: SnapOutcome<unknown>): Record<string, unknown> {
  return {
    operation: outcome.operation,
    externalId: outcome.externalId,
    httpStatus: outcome.httpStatus,
    responseCode: outcome.responseCode,
    ...(outcome.kind === 'success' && isQrStatus(outcome.value)
      ? { status: outcome.value.statusCode, paidAt: outcome.value.paidAt }
      : {}),
  };
}

function isQrStatus(v: unknown): v is QrStatus {
  return typeof v === 'object' && v !== null && 'statusCode' in v;
}

function paymentPatch(p: ObservedPayment, o: ReconciledOrder, now: Date): OrderPatch {
  return {
    paid_at: p.paidAt ?? now,
    paid_amount: p.amountMinor,
    approval_code: p.approvalCode,
    issuer_id: p.issuerId,
    issuer_name: p.issuerName,
    customer_name: p.customerName,
    ...(o.reference_no === null && p.referenceNo ? { reference_no: p.referenceNo } : {}),
  };
}
