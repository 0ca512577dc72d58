import { type ApiAnswer, asReplay, inProgressAnswer } from '../common/api-answer.js';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { IdempotencyStore } from '../common/idempotency/idempotency-store.js';
import { requestHash } from '../common/idempotency/request-hash.js';
import { newId } from '../common/ids.js';
import { APP_CONFIG, type ServiceConfig } from '../config/app-config.js';
import { rows } from '../database/sql.js';
import type { OrderRow } from '../orders/order.row.js';
import { OrderTransitions } from '../orders/order-transitions.js';
import { OrdersService } from '../orders/orders.service.js';
import {
  decideRefund,
  refundTotals,
  type RefundRefusal,
  type RefundTotals,
} from './domain/refund-rules.js';
import type { CreateRefundRequestDto } from './dto/create-refund.request.dto.js';
import { RefundAttempts } from './refund-attempts.js';
import {
  presentRefund,
  presentTotals,
  type RefundSummaryView,
  type RefundView,
} from './refund.presenter.js';
import type { RefundRow } from './refund.row.js';
import { RefundsRepository } from './refunds.repository.js';

const IDEMPOTENCY_SCOPE = 'refunds.create';
export const REFUND_ID = /^rfd_[0-9a-z]{20,32}$/;

@Injectable()
export class RefundsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
    private readonly dataSource: DataSource,
    private readonly orders: OrdersService,
    private readonly refunds: RefundsRepository,
    private readonly transitions: OrderTransitions,
    private readonly idempotency: IdempotencyStore,
    private readonly attempts: RefundAttempts,
  ) {}

  /**
   * Idempotent by the admin's key. Under a row lock on the order: check that it holds money
   * and that the non-failed refunds plus this one stay within the paid amount, write the
   * PENDING refund and its audit event, commit. Only then call DOKU, outside the
   * transaction; an unknown answer leaves the refund for the retry sweep.
   */
  async request(
    orderId: string,
    dto: CreateRefundRequestDto,
    idempotencyKey: string,
    actor: string,
    opts: { approvalId?: string; approvedBy?: string } = {},
  ): Promise<ApiAnswer> {
    await this.orders.get(orderId); // 400 for a malformed id, 404 for an unknown order
    const threshold = this.config.refunds.approvalThresholdMinor;
    if (threshold > 0 && dto.amount > threshold && !opts.approvedBy) {
      // Maker-checker: the API refuses it, not only the console.
      throw new DomainError(
        'forbidden',
        'REFUND_APPROVAL_REQUIRED',
        `Refunds above ${threshold} minor units need a second operator: ask for one with POST /admin/v1/orders/${orderId}/refund-approvals, and another operator approves it.`,
        { threshold },
      );
    }
    const id = newId('rfd');
    const hash = requestHash({ orderId, amount: dto.amount, reason: dto.reason });
    const created = await this.dataSource.transaction(async (m) => {
      const claim = await this.idempotency.claim(m, IDEMPOTENCY_SCOPE, idempotencyKey, hash, id);
      if (claim.kind === 'existing') return claim;
      const [order] = await rows<OrderRow>(m, 'SELECT * FROM orders WHERE id = $1 FOR UPDATE', [
        orderId,
      ]);
      const existing = await this.refunds.forOrder(orderId, m);
      const decision = decideRefund(
        { id: order.id, status: order.status, flags: order.flags, paidAmount: order.paid_amount },
        existing,
        dto.amount,
      );
      // Thrown inside the transaction: the idempotency claim rolls back with it.
      if (!decision.ok) throw refusalError(decision.refusal, dto.amount);
      const refund = await this.refunds.insertPending(m, {
        id,
        orderId,
        amount: dto.amount,
        currency: order.currency,
        reason: dto.reason,
        actor,
        idempotencyKey,
        externalId: this.attempts.newExternalId(),
        leaseUntil: new Date(Date.now() + this.callLeaseMs()),
      });
      await this.transitions.note(
        orderId,
        'refund.requested',
        {
          source: 'admin',
          actor,
          details: {
            refundId: id,
            amount: dto.amount,
            reason: dto.reason,
            idempotencyKey,
            ...(opts.approvedBy
              ? { approvalId: opts.approvalId, approvedBy: opts.approvedBy }
              : {}),
          },
        },
        m,
      );
      return { kind: 'new' as const, refund };
    });
    if (created.kind === 'existing') {
      const { responseStatus, responseBody, resourceId } = created.record;
      if (responseStatus !== null) return asReplay({ status: responseStatus, body: responseBody });
      const refund = resourceId ? await this.refunds.findById(resourceId) : null;
      if (!refund) throw new Error(`idempotency record points at a missing refund ${resourceId}`);
      return asReplay(this.answerFor(refund));
    }
    const refund = await this.attempts.run(created.refund, { source: 'admin', actor });
    const answer = this.answerFor(refund);
    if (refund.status === 'SUCCEEDED' || refund.status === 'FAILED') {
      await this.dataSource.transaction((m) =>
        this.idempotency.complete(m, IDEMPOTENCY_SCOPE, idempotencyKey, answer.status, answer.body),
      );
    }
    return answer;
  }

  /**
   * How long the creating request owns the DOKU call before the sweep may take over: every
   * attempt the client may make (3, each bounded by the timeout) plus its backoff.
   */
  callLeaseMs(): number {
    return 3 * this.config.doku.timeoutMs + 15_000;
  }

  /** The answer describing a refund's current state (first answers and replays). */
  answerFor(refund: RefundRow): ApiAnswer {
    const view = presentRefund(refund);
    switch (refund.status) {
      case 'SUCCEEDED':
        return { status: 201, body: view };
      case 'UNKNOWN':
        // Accepted: the refund exists and holds its amount; DOKU's answer is still missing.
        return { status: 202, body: view };
      case 'PENDING':
        return inProgressAnswer('A refund', 'refund', view);
      case 'FAILED':
        return {
          status: 422,
          body: {
            code: 'REFUND_DECLINED',
            message: `DOKU did not make the refund (${refund.failure_code}: ${refund.failure_message ?? 'no message'}). No money moved and the amount is refundable again; check the order at DOKU before trying a new refund with a new Idempotency-Key.`,
            details: { refund: view },
          },
        };
    }
  }

  /** One refund of the order (404 when the refund belongs to another order). */
  async one(orderId: string, refundId: string): Promise<RefundView> {
    if (!REFUND_ID.test(refundId)) {
      throw new DomainError(
        'invalid',
        'INVALID_REFUND_ID',
        `"${refundId.slice(0, 40)}" is not a refund id (they look like rfd_ followed by 24 letters and digits).`,
      );
    }
    const order = await this.orders.get(orderId);
    const refund = await this.refunds.findById(refundId);
    if (!refund || refund.order_id !== order.id) {
      throw new DomainError(
        'not_found',
        'REFUND_NOT_FOUND',
        `No refund ${refundId} of order ${order.id}.`,
      );
    }
    return presentRefund(refund);
  }

  /** The order's refunds, oldest first, and the totals derived from them. */
  async forOrder(orderId: string): Promise<{ data: RefundView[]; summary: RefundSummaryView }> {
    const order = await this.orders.get(orderId);
    const refunds = await this.refunds.forOrder(orderId);
    return {
      data: refunds.map(presentRefund),
      summary: presentTotals(this.totals(order, refunds)),
    };
  }

  totals(order: OrderRow, refunds: readonly RefundRow[]): RefundTotals {
    return refundTotals(order.paid_amount ?? 0, refunds);
  }
}

/** A refund refused by the rules, as the API answers it. */
export function refusalError(r: RefundRefusal, requested: number): DomainError {
  return r.code === 'REFUND_EXCEEDS_PAID_AMOUNT'
    ? new DomainError('unprocessable', r.code, r.message, { requested, ...presentTotals(r.totals) })
    : r.code === 'ORDER_NOT_REFUNDABLE'
      ? new DomainError('conflict', r.code, r.message, { status: r.status })
      : new DomainError('invalid', r.code, r.message);
}
