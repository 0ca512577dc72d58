import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  afterUnknown,
  cryptoRandom,
  mayHaveActed,
  type DokuSnapClient,
  ExternalIdGenerator,
  jakartaDate,
  systemClock,
} from '#doku-snap';
import { DataSource, type EntityManager } from 'typeorm';
import { rows } from '../database/sql.js';
import { DOKU_CLIENT } from '../gateway/doku-gateway.module.js';
import { MetricsService } from '../metrics/metrics.service.js';
import type { OrderRow } from '../orders/order.row.js';
import { type ChangeContext, OrderTransitions } from '../orders/order-transitions.js';
import { orderEventAfterRefund } from './domain/refund-rules.js';
import { refundRetryDelayMs, refundVerdict, type RefundVerdict } from './domain/refund-outcome.js';
import { presentRefund } from './refund.presenter.js';
import type { RefundRow } from './refund.row.js';
import { RefundsRepository, type RefundSettlement } from './refunds.repository.js';

/**
 * One call of qr-mpm-refund for a refund row, outside any transaction, and the short
 * transaction that records what DOKU said. Idempotent: the call always carries the refund's
 * own id as partnerRefundNo (DOKU's idempotency key for refunds) and, the same Jakarta day,
 * the same X-EXTERNAL-ID, so repeating it after a timeout can only answer the one refund;
 * recording is guarded on the refund still being open, so a racing attempt cannot settle
 * it twice.
 */
@Injectable()
export class RefundAttempts {
  private readonly logger = new Logger(RefundAttempts.name);
  private readonly externalIds = new ExternalIdGenerator(systemClock, cryptoRandom);

  constructor(
    @Inject(DOKU_CLIENT) private readonly doku: DokuSnapClient,
    private readonly dataSource: DataSource,
    private readonly refunds: RefundsRepository,
    private readonly transitions: OrderTransitions,
    private readonly metrics: MetricsService,
  ) {}

  /** A new X-EXTERNAL-ID (digits, starting with the Jakarta date). */
  newExternalId(): string {
    return this.externalIds.next();
  }

  /** Calls DOKU for `refund` and records the answer; returns the refund as it is afterwards. */
  async run(refund: RefundRow, ctx: ChangeContext, now = new Date()): Promise<RefundRow> {
    const [order] = await rows<OrderRow>(this.dataSource, 'SELECT * FROM orders WHERE id = $1', [
      refund.order_id,
    ]);
    const externalId = await this.externalIdFor(refund, now);
    // DOKU may have acted on an earlier attempt: a lost answer, or the creating request died
    // (a PENDING refund the sweep took over). Then only a settling answer may end it.
    const earlierMayHaveActed =
      refund.doku_may_have_acted || (refund.status === 'PENDING' && refund.attempts > 1);
    const answered = await this.doku.refundQr(
      {
        originalPartnerReferenceNo: order.partner_reference_no,
        originalReferenceNo: order.reference_no ?? undefined,
        partnerRefundNo: refund.partner_refund_no,
        refundAmountMinor: refund.amount,
        currency: refund.currency,
        reason: refund.reason,
      },
      { externalId },
    );
    const outcome = afterUnknown(answered, earlierMayHaveActed);
    this.metrics.dokuCalls.inc({ operation: 'refund', outcome: answered.kind });
    const verdict = refundVerdict(outcome, { amount: refund.amount });
    const log = {
      refundId: refund.id,
      orderId: refund.order_id,
      attempt: refund.attempts,
      outcome: outcome.kind,
      responseCode: outcome.responseCode,
      replayed: outcome.replayed,
    };
    if (verdict.status === 'UNKNOWN' && verdict.outcome === 'success:amount_mismatch')
      this.logger.error({ ...log, detail: verdict.message }, 'refund confirmed for another amount');
    else if (verdict.status === 'UNKNOWN')
      this.logger.warn(log, 'refund outcome unknown; will retry');
    else this.logger.log({ ...log, status: verdict.status }, 'refund answered');
    const evidence = { externalId: outcome.externalId, responseCode: outcome.responseCode };
    const mayHaveActedNow = earlierMayHaveActed || mayHaveActed(outcome);
    return this.record(refund, verdict, { ...ctx, evidence }, externalId, mayHaveActedNow);
  }

  /**
   * The same X-EXTERNAL-ID the same Jakarta day (DOKU replays its first answer to it); a
   * new one on another day or after DOKU refused to reuse it, saved before it is sent.
   */
  private async externalIdFor(refund: RefundRow, now: Date): Promise<string> {
    const current = refund.external_id;
    if (current && current.startsWith(jakartaDate(now.getTime()))) return current;
    const fresh = this.newExternalId();
    await this.dataSource.query(
      `UPDATE refunds SET external_id = $2 WHERE id = $1 AND status IN ('PENDING','UNKNOWN')`,
      [refund.id, fresh],
    );
    return fresh;
  }

  private record(
    refund: RefundRow,
    verdict: RefundVerdict,
    ctx: ChangeContext,
    externalId: string,
    mayHaveActedNow: boolean,
  ): Promise<RefundRow> {
    return this.dataSource.transaction(async (m) => {
      // The order first, as every refund writer does: a confirmed refund's total is then
      // summed with every earlier confirmation visible, and no two writers deadlock.
      await rows(m, 'SELECT id FROM orders WHERE id = $1 FOR UPDATE', [refund.order_id]);
      const settled = await this.refunds.settle(
        m,
        refund.id,
        settlementOf(verdict, refund, externalId, mayHaveActedNow),
      );
      if (!settled) return (await this.refunds.findById(refund.id, m))!;
      const { before, after } = settled;
      const details = { refundId: after.id, amount: after.amount, reason: after.reason };
      switch (after.status) {
        case 'SUCCEEDED':
          await this.succeeded(m, after, { ...ctx, details });
          break;
        case 'FAILED':
          await this.transitions.note(
            after.order_id,
            'refund.failed',
            { ...ctx, details: { ...details, failureCode: after.failure_code } },
            m,
          );
          await this.announce(m, after, 'refund.failed');
          break;
        case 'UNKNOWN':
          if (before.status === 'PENDING') {
            await this.transitions.note(
              after.order_id,
              'refund.unknown',
              { ...ctx, details: { ...details, outcome: after.last_outcome } },
              m,
            );
          }
          break;
        case 'PENDING':
          break;
      }
      return after;
    });
  }

  private async succeeded(m: EntityManager, refund: RefundRow, ctx: ChangeContext) {
    await this.transitions.note(refund.order_id, 'refund.succeeded', ctx, m);
    const [order] = await rows<OrderRow>(m, 'SELECT * FROM orders WHERE id = $1', [
      refund.order_id,
    ]);
    const paid = order.paid_amount ?? order.amount;
    const total = await this.refunds.succeededTotal(m, refund.order_id);
    const event = orderEventAfterRefund(paid, total);
    const r = await this.transitions.apply(refund.order_id, event, ctx, {}, m);
    if (!r.applied) {
      // The order moved on meanwhile (e.g. another refund already made it REFUNDED): the
      // refund stands (DOKU made it) and is announced; the status is left as it is.
      this.logger.warn(
        { orderId: refund.order_id, refundId: refund.id, status: order.status, event },
        'refund succeeded; order status left as is',
      );
    }
    await this.announce(m, refund, 'refund.succeeded');
  }

  private async announce(
    m: EntityManager,
    refund: RefundRow,
    type: 'refund.succeeded' | 'refund.failed',
  ) {
    const [order] = await rows<OrderRow>(m, 'SELECT * FROM orders WHERE id = $1', [
      refund.order_id,
    ]);
    await this.transitions.announce(m, order, type, { refund: presentRefund(refund) });
  }
}

function settlementOf(
  verdict: RefundVerdict,
  refund: RefundRow,
  externalId: string,
  mayHaveActedNow: boolean,
): RefundSettlement {
  switch (verdict.status) {
    case 'SUCCEEDED':
      return {
        status: 'SUCCEEDED',
        dokuRefundNo: verdict.dokuRefundNo,
        refundedAt: verdict.refundedAt ?? new Date(),
        outcome: 'success',
      };
    case 'FAILED':
      return {
        status: 'FAILED',
        failureCode: verdict.code,
        failureMessage: verdict.message,
        outcome: 'failed',
      };
    case 'UNKNOWN':
      return {
        status: 'UNKNOWN',
        nextAttemptAt: new Date(Date.now() + refundRetryDelayMs(refund.attempts)),
        externalId: verdict.newExternalId ? null : externalId,
        outcome: verdict.outcome,
        mayHaveActed: mayHaveActedNow,
      };
  }
}
