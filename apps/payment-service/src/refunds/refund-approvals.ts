import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type ApiAnswer, asReplay } from '../common/api-answer.js';
import { DomainError } from '../common/domain-error.js';
import { IdempotencyStore } from '../common/idempotency/idempotency-store.js';
import { requestHash } from '../common/idempotency/request-hash.js';
import { newId } from '../common/ids.js';
import { APP_CONFIG, type ServiceConfig } from '../config/app-config.js';
import { rows } from '../database/sql.js';
import type { OrderRow } from '../orders/order.row.js';
import { OrderTransitions } from '../orders/order-transitions.js';
import { OrdersService } from '../orders/orders.service.js';
import { decideRefund } from './domain/refund-rules.js';
import type { CreateRefundRequestDto } from './dto/create-refund.request.dto.js';
import type { RefundView } from './refund.presenter.js';
import { RefundsRepository } from './refunds.repository.js';
import { refusalError, RefundsService } from './refunds.service.js';

export const APPROVAL_STATUSES = ['AWAITING_APPROVAL', 'APPROVED', 'REJECTED', 'REFUSED'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

interface ApprovalRow {
  id: string;
  order_id: string;
  amount: number;
  currency: string;
  reason: string;
  status: ApprovalStatus;
  requested_by: string;
  decided_by: string | null;
  decision_note: string | null;
  refund_id: string | null;
  created_at: Date;
  decided_at: Date | null;
}

/** A refund waiting for (or past) a second operator's decision. */
export interface RefundApprovalView {
  id: string;
  orderId: string;
  amount: number;
  currency: string;
  reason: string;
  status: ApprovalStatus;
  requestedBy: string;
  decidedBy: string | null;
  /** The reason of a rejection, or why the approved refund could not be made (REFUSED). */
  decisionNote: string | null;
  /** The refund made on approval. */
  refundId: string | null;
  createdAt: string;
  decidedAt: string | null;
}

const present = (r: ApprovalRow): RefundApprovalView => ({
  id: r.id,
  orderId: r.order_id,
  amount: Number(r.amount),
  currency: r.currency,
  reason: r.reason,
  status: r.status,
  requestedBy: r.requested_by,
  decidedBy: r.decided_by,
  decisionNote: r.decision_note,
  refundId: r.refund_id,
  createdAt: r.created_at.toISOString(),
  decidedAt: r.decided_at?.toISOString() ?? null,
});

/** What an approval led to: the refund (SUCCEEDED, UNKNOWN, FAILED) or why none was made. */
export interface ApprovalOutcome {
  approval: RefundApprovalView;
  refund: RefundView | null;
  problem: { code: string; message: string } | null;
}

const APPROVAL_ID = /^apr_[0-9a-z]{24}$/;
const APPROVAL_SCOPE = 'refund.approvals';

/**
 * Maker-checker for refunds above REFUND_APPROVAL_THRESHOLD. One operator asks (the amount is
 * checked against what is refundable then, but not reserved: the refund rules check it again
 * when it is made); another operator approves, which makes the refund through RefundsService
 * with the approval's id as Idempotency-Key, so two approvers clicking at once make one
 * refund. Every step is an audit event on the order.
 */
@Injectable()
export class RefundApprovals {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
    private readonly dataSource: DataSource,
    private readonly orders: OrdersService,
    private readonly refundRows: RefundsRepository,
    private readonly refunds: RefundsService,
    private readonly transitions: OrderTransitions,
    private readonly idempotency: IdempotencyStore,
  ) {}

  /**
   * Asks for a refund a second operator must approve. Idempotent by the caller's key like
   * every creating call: the same key and body answer the first approval (a double click
   * or a retried request asks once); another body under the key is a 409.
   */
  async request(
    orderId: string,
    dto: CreateRefundRequestDto,
    actor: string,
    idempotencyKey: string,
  ): Promise<ApiAnswer> {
    await this.orders.get(orderId);
    const id = newId('apr');
    const hash = requestHash({ orderId, amount: dto.amount, reason: dto.reason });
    return this.dataSource.transaction(async (m): Promise<ApiAnswer> => {
      const claim = await this.idempotency.claim(m, APPROVAL_SCOPE, idempotencyKey, hash, id);
      if (claim.kind === 'existing') {
        // The answer is written in the transaction that wrote the approval: once the claim
        // is visible, so is its answer.
        const { responseStatus, responseBody } = claim.record;
        return asReplay({ status: responseStatus ?? 500, body: responseBody });
      }
      const [order] = await rows<OrderRow>(m, 'SELECT * FROM orders WHERE id = $1 FOR UPDATE', [
        orderId,
      ]);
      const decision = decideRefund(
        { id: order.id, status: order.status, flags: order.flags, paidAmount: order.paid_amount },
        await this.refundRows.forOrder(orderId, m),
        dto.amount,
      );
      if (!decision.ok) throw refusalError(decision.refusal, dto.amount);
      const [row] = await rows<ApprovalRow>(
        m,
        `INSERT INTO refund_approvals (id, order_id, amount, currency, reason, status, requested_by)
         VALUES ($1, $2, $3, $4, $5, 'AWAITING_APPROVAL', $6) RETURNING *`,
        [id, orderId, dto.amount, order.currency, dto.reason, actor],
      );
      await this.transitions.note(
        order,
        'refund.approval_requested',
        {
          source: 'admin',
          actor,
          details: {
            approvalId: id,
            amount: dto.amount,
            reason: dto.reason,
            threshold: this.config.refunds.approvalThresholdMinor,
          },
        },
        m,
      );
      const answer = { status: 201, body: present(row) };
      await this.idempotency.complete(
        m,
        APPROVAL_SCOPE,
        idempotencyKey,
        answer.status,
        answer.body,
      );
      return answer;
    });
  }

  /** One approval (the Location of a requested one). */
  async get(id: string): Promise<RefundApprovalView> {
    const [row] = APPROVAL_ID.test(id)
      ? await rows<ApprovalRow>(this.dataSource, 'SELECT * FROM refund_approvals WHERE id = $1', [
          id,
        ])
      : [];
    if (!row)
      throw new DomainError(
        'not_found',
        'REFUND_APPROVAL_NOT_FOUND',
        `No refund approval ${id.slice(0, 40)}.`,
      );
    return present(row);
  }

  async list(status?: ApprovalStatus, orderId?: string): Promise<RefundApprovalView[]> {
    const found = await rows<ApprovalRow>(
      this.dataSource,
      `SELECT * FROM refund_approvals
       WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR order_id = $2)
       ORDER BY created_at DESC, id DESC LIMIT 200`,
      [status ?? null, orderId ?? null],
    );
    return found.map(present);
  }

  /**
   * The second operator's yes: claims the approval (guarded on it still awaiting, by someone
   * else), then makes the refund. A refund the rules refuse by then (the order was refunded
   * meanwhile) leaves the approval REFUSED with the reason.
   */
  async approve(id: string, approver: string): Promise<ApprovalOutcome> {
    const claimed = await this.decide(id, approver, 'APPROVED', null);
    let answer: ApiAnswer;
    try {
      answer = await this.refunds.request(
        claimed.order_id,
        { amount: Number(claimed.amount), reason: claimed.reason },
        `approval:${claimed.id}`,
        claimed.requested_by,
        { approvalId: claimed.id, approvedBy: approver },
      );
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const [refused] = await rows<ApprovalRow>(
        this.dataSource,
        `UPDATE refund_approvals SET status = 'REFUSED', decision_note = $2 WHERE id = $1 RETURNING *`,
        [id, `${err.code}: ${err.message}`.slice(0, 500)],
      );
      return {
        approval: present(refused),
        refund: null,
        problem: { code: err.code, message: err.message },
      };
    }
    const body = answer.body as
      RefundView | { code: string; message: string; details?: { refund?: RefundView } };
    const refund = 'id' in body ? body : (body.details?.refund ?? null);
    const problem = 'code' in body ? { code: body.code, message: body.message } : null;
    const [approved] = await rows<ApprovalRow>(
      this.dataSource,
      `UPDATE refund_approvals SET refund_id = $2 WHERE id = $1 RETURNING *`,
      [id, refund?.id ?? null],
    );
    return { approval: present(approved), refund, problem };
  }

  async reject(id: string, approver: string, note: string): Promise<RefundApprovalView> {
    return present(await this.decide(id, approver, 'REJECTED', note));
  }

  private async decide(
    id: string,
    decider: string,
    status: 'APPROVED' | 'REJECTED',
    note: string | null,
  ): Promise<ApprovalRow> {
    if (!APPROVAL_ID.test(id)) {
      throw new DomainError(
        'not_found',
        'REFUND_APPROVAL_NOT_FOUND',
        `No refund approval ${id.slice(0, 40)}.`,
      );
    }
    return this.dataSource.transaction(async (m) => {
      const [row] = await rows<ApprovalRow>(
        m,
        'SELECT * FROM refund_approvals WHERE id = $1 FOR UPDATE',
        [id],
      );
      if (!row)
        throw new DomainError(
          'not_found',
          'REFUND_APPROVAL_NOT_FOUND',
          `No refund approval ${id}.`,
        );
      if (row.status !== 'AWAITING_APPROVAL') {
        throw new DomainError(
          'conflict',
          'REFUND_APPROVAL_DECIDED',
          `Refund approval ${id} was already ${row.status} by ${row.decided_by}.`,
          { status: row.status },
        );
      }
      if (row.requested_by === decider) {
        throw new DomainError(
          'forbidden',
          'APPROVER_MUST_DIFFER',
          `${decider} asked for this refund; a second operator must ${status === 'APPROVED' ? 'approve' : 'reject'} it (maker-checker).`,
        );
      }
      const [updated] = await rows<ApprovalRow>(
        m,
        `UPDATE refund_approvals SET status = $2, decided_by = $3, decision_note = $4, decided_at = now()
         WHERE id = $1 RETURNING *`,
        [id, status, decider, note],
      );
      await this.transitions.note(
        row.order_id,
        status === 'APPROVED' ? 'refund.approved' : 'refund.rejected',
        {
          source: 'admin',
          actor: decider,
          details: {
            approvalId: id,
            amount: Number(row.amount),
            requestedBy: row.requested_by,
            ...(note ? { note } : {}),
          },
        },
        m,
      );
      return updated;
    });
  }
}
