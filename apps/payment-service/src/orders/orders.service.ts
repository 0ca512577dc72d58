import { type ApiAnswer, asReplay, inProgressAnswer } from '../common/api-answer.js';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { type DokuSnapClient, type SnapFailure } from '#doku-snap';
import { DataSource } from 'typeorm';
import { CursorCodec } from '../common/cursor.js';
import { DomainError } from '../common/domain-error.js';
import {
  IdempotencyStore,
  type IdempotencyRecord,
} from '../common/idempotency/idempotency-store.js';
import { requestHash } from '../common/idempotency/request-hash.js';
import { newId, newPartnerReferenceNo } from '../common/ids.js';
import { APP_CONFIG, type ServiceConfig } from '../config/app-config.js';
import { DOKU_CLIENT } from '../gateway/doku-gateway.module.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { creatingPollAt, firstPendingPollAt } from './domain/poll-schedule.js';
import { verifyIssuedQr } from './domain/verify-issued-qr.js';
import type { CreateOrderRequestDto } from './dto/create-order.request.dto.js';
import type { ListOrdersQueryDto } from './dto/list-orders.query.dto.js';
import { type ChangeContext, OrderTransitions } from './order-transitions.js';
import { presentOrder, type OrderView } from './order.presenter.js';
import type { OrderPatch, OrderRow } from './order.row.js';
import { type OrderEventRow, OrdersRepository } from './orders.repository.js';

const IDEMPOTENCY_SCOPE = 'orders.create';
export const ORDER_ID = /^ord_[0-9a-z]{20,32}$/;

@Injectable()
export class OrdersService {
  private readonly logger = new Logger(OrdersService.name);
  private readonly cursors: CursorCodec;

  constructor(
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
    @Inject(DOKU_CLIENT) private readonly doku: DokuSnapClient,
    private readonly dataSource: DataSource,
    private readonly orders: OrdersRepository,
    private readonly transitions: OrderTransitions,
    private readonly idempotency: IdempotencyStore,
    private readonly metrics: MetricsService,
  ) {
    this.cursors = new CursorCodec(
      createHash('sha256').update(`cursor:${config.doku.clientSecret}`).digest('hex'),
    );
  }

  /**
   * Idempotent by the shop's key: the row is written (CREATING) and committed before DOKU
   * is called, so a crash or a timeout never loses an order; the reconciler resolves it.
   */
  async create(
    dto: CreateOrderRequestDto,
    idempotencyKey: string,
    shopKeyId: string,
  ): Promise<ApiAnswer> {
    this.checkLimits(dto);
    const hash = requestHash(dto);
    const now = new Date();
    const created = await this.orders.insertCreatingWithKey(
      {
        id: newId('ord'),
        merchantReference: dto.merchantReference,
        shopKeyId,
        amount: dto.amount,
        currency: dto.currency,
        partnerReferenceNo: newPartnerReferenceNo(),
        terminalId: dto.terminalId ?? this.config.doku.terminalId,
        description: dto.description ?? null,
        metadata: dto.metadata ?? null,
        expiresAt: new Date(
          now.getTime() + (dto.expiresInSeconds ?? this.config.orders.defaultExpirySeconds) * 1000,
        ),
        nextPollAt: creatingPollAt(now),
      },
      { scope: IDEMPOTENCY_SCOPE, key: idempotencyKey, hash },
      { idempotencyKey },
    );
    if (!created)
      return this.replay(
        await this.idempotency.existing(this.dataSource, IDEMPOTENCY_SCOPE, idempotencyKey, hash),
      );
    return this.issueQr(created, idempotencyKey);
  }

  private checkLimits(dto: CreateOrderRequestDto): void {
    const max = this.config.orders.maxAmountMinor;
    if (dto.amount > max) {
      throw new DomainError(
        'invalid',
        'AMOUNT_TOO_LARGE',
        `amount ${dto.amount} is above the maximum of ${max} minor units (the QRIS per-transaction limit unless configured otherwise).`,
        { field: 'amount', max },
      );
    }
    const maxExpiry = this.config.orders.maxExpirySeconds;
    if (dto.expiresInSeconds !== undefined && dto.expiresInSeconds > maxExpiry) {
      throw new DomainError(
        'invalid',
        'EXPIRY_TOO_LONG',
        `expiresInSeconds must be at most ${maxExpiry}.`,
        { field: 'expiresInSeconds', max: maxExpiry },
      );
    }
  }

  /** Asks DOKU for the QR (outside any transaction) and records what came back. */
  /**
   * Records a transition and the answer to replay in one transaction (a crash between
   * them cannot leave a PENDING order whose key replays "in progress" forever).
   */
  private async settle(
    order: OrderRow,
    idempotencyKey: string,
    event: 'QR_ISSUED' | 'CREATION_FAILED',
    ctx: ChangeContext,
    patch: OrderPatch,
  ): Promise<ApiAnswer> {
    const replayable = (a: ApiAnswer) => a.status < 500 && a.status !== 409;
    let answer: ApiAnswer | undefined;
    const r = await this.transitions.apply(order.id, event, ctx, patch, undefined, {
      current: order,
      // The answer to replay is written by the same statement as the transition.
      also: (predicted, st, applied) => {
        answer = this.answerFor(predicted);
        const a = answer;
        return replayable(a)
          ? this.idempotency.completeSql(
              st,
              IDEMPOTENCY_SCOPE,
              idempotencyKey,
              a.status,
              a.body,
              applied,
            )
          : 'SELECT 1';
      },
    });
    if (r.applied && answer) return answer;
    // Someone else (the reconciler) resolved the order first: answer what it is now.
    const now = this.answerFor(r.order ?? order);
    if (replayable(now))
      await this.idempotency.complete(
        this.dataSource,
        IDEMPOTENCY_SCOPE,
        idempotencyKey,
        now.status,
        now.body,
      );
    return now;
  }

  private async issueQr(order: OrderRow, idempotencyKey: string): Promise<ApiAnswer> {
    const outcome = await this.doku.generateQr({
      partnerReferenceNo: order.partner_reference_no,
      amountMinor: order.amount,
      currency: order.currency,
      terminalId: order.terminal_id,
      validUntil: order.expires_at,
    });
    this.metrics.dokuCalls.inc({ operation: 'generate', outcome: outcome.kind });
    const ctx = {
      source: 'api' as const,
      actor: order.shop_key_id,
      evidence: { externalId: outcome.externalId, responseCode: outcome.responseCode },
    };
    if (outcome.kind === 'success') {
      const qr = outcome.value;
      const check = verifyIssuedQr(qr.qrContent, {
        amountMinor: order.amount,
        partnerReferenceNo: order.partner_reference_no,
      });
      if (!check.ok || qr.partnerReferenceNo !== order.partner_reference_no) {
        const problems = check.ok
          ? [`DOKU answered for partnerReferenceNo ${qr.partnerReferenceNo}`]
          : check.problems;
        this.logger.error(
          { orderId: order.id, problems },
          'DOKU returned a QR that fails verification; not handing it out',
        );
        void this.doku
          .cancelQr({
            originalPartnerReferenceNo: order.partner_reference_no,
            originalReferenceNo: qr.referenceNo,
            reason: 'QR failed verification',
          })
          .catch(() => undefined);
        return this.settle(
          order,
          idempotencyKey,
          'CREATION_FAILED',
          { ...ctx, details: { problems } },
          {
            failure_code: 'GATEWAY_INVALID_QR',
            failure_message: problems.join('; ').slice(0, 500),
            reference_no: qr.referenceNo,
            next_poll_at: null,
          },
        );
      }
      return this.settle(order, idempotencyKey, 'QR_ISSUED', ctx, {
        qr_content: qr.qrContent,
        reference_no: qr.referenceNo,
        next_poll_at: firstPendingPollAt(new Date()),
      });
    }
    if (
      outcome.kind === 'declined' ||
      outcome.kind === 'not_found' ||
      outcome.kind === 'auth_failed'
    ) {
      return this.settle(order, idempotencyKey, 'CREATION_FAILED', ctx, {
        failure_code:
          outcome.kind === 'auth_failed'
            ? 'GATEWAY_AUTH_FAILED'
            : `DOKU_${outcome.responseCode ?? 'DECLINED'}`,
        failure_message: outcome.responseMessage ?? outcome.kind,
        next_poll_at: null,
      });
    }
    return this.unresolved(order, outcome);
  }

  /** DOKU's answer is unknown (or DOKU is down): the order stays CREATING for the reconciler. */
  private unresolved(order: OrderRow, outcome: SnapFailure): ApiAnswer {
    const timeout = outcome.kind === 'unknown';
    return {
      status: timeout ? 504 : 502,
      body: {
        code: timeout ? 'GATEWAY_TIMEOUT' : 'GATEWAY_UNAVAILABLE',
        message: `${timeout ? 'DOKU did not give a trustworthy answer in time' : 'DOKU is unavailable right now'}; the order stays CREATING and will be resolved automatically within minutes (to PENDING is not possible: it becomes FAILED, or PAID if DOKU shows a payment). Watch GET /v1/orders/${order.id} or the order.failed webhook, then create a new order with a new Idempotency-Key.`,
        details: { order: presentOrder(order), dokuOutcome: outcome.kind },
      },
    };
  }

  /** The answer that describes an order's current state (used for first answers and replays). */
  answerFor(order: OrderRow): ApiAnswer {
    const view = presentOrder(order);
    if (order.status === 'CREATING') {
      return inProgressAnswer('A request', 'order', view);
    }
    if (order.status === 'FAILED') {
      const code = order.failure_code ?? 'FAILED';
      const gateway = [
        'GATEWAY_INVALID_QR',
        'GATEWAY_AUTH_FAILED',
        'GATEWAY_OUTCOME_UNKNOWN',
      ].includes(code);
      return {
        status: gateway ? 502 : 422,
        body: {
          code: gateway ? code : 'GATEWAY_DECLINED',
          message: gateway
            ? `The order failed on DOKU's side (${code}): ${order.failure_message ?? ''}. Nothing was charged; create a new order.`
            : `DOKU declined to create the QR (${code}: ${order.failure_message ?? 'no message'}). Nothing was charged; check the amount and try a new order.`,
          details: { order: view },
        },
      };
    }
    return { status: 201, body: view };
  }

  private async replay(record: IdempotencyRecord): Promise<ApiAnswer> {
    if (record.responseStatus !== null) {
      return asReplay({ status: record.responseStatus, body: record.responseBody });
    }
    const order = record.resourceId ? await this.orders.findById(record.resourceId) : null;
    if (!order)
      throw new Error(`idempotency record points at a missing order ${record.resourceId}`);
    return asReplay(this.answerFor(order));
  }

  async get(id: string): Promise<OrderRow> {
    if (!ORDER_ID.test(id)) {
      throw new DomainError(
        'invalid',
        'INVALID_ORDER_ID',
        `"${id.slice(0, 40)}" is not an order id (they look like ord_ followed by 24 letters and digits).`,
      );
    }
    const order = await this.orders.findById(id);
    if (!order) throw new DomainError('not_found', 'ORDER_NOT_FOUND', `No order ${id}.`);
    return order;
  }

  async list(
    q: ListOrdersQueryDto,
    extra: {
      referenceNo?: string;
      flagged?: boolean;
      flag?: string;
      amountMin?: number;
      amountMax?: number;
    } = {},
  ): Promise<{ data: OrderView[]; nextCursor: string | null }> {
    const limit = q.limit ?? 50;
    const rows = await this.orders.list({
      merchantReference: q.merchantReference,
      status: q.status,
      createdFrom: q.createdFrom ? new Date(q.createdFrom) : undefined,
      createdTo: q.createdTo ? new Date(q.createdTo) : undefined,
      after: q.cursor ? this.cursors.decode(q.cursor) : undefined,
      limit: limit + 1,
      ...extra,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      data: page.map(presentOrder),
      nextCursor:
        rows.length > limit && last
          ? this.cursors.encode({ createdAt: last.created_at.toISOString(), id: last.id })
          : null,
    };
  }

  async events(id: string): Promise<OrderEventRow[]> {
    await this.get(id);
    return this.orders.events(id);
  }

  /** Shop/admin cancel of an unpaid order: DOKU first, then the guarded transition. */
  async cancel(
    id: string,
    source: 'api' | 'admin',
    actor: string,
    reason?: string,
  ): Promise<OrderRow> {
    const order = await this.get(id);
    if (order.status === 'CANCELLED') return order;
    if (order.status !== 'PENDING') {
      throw new DomainError(
        'conflict',
        'ORDER_NOT_CANCELLABLE',
        `Only a PENDING order can be cancelled; ${id} is ${order.status}.`,
        { status: order.status },
      );
    }
    const outcome = await this.doku.cancelQr({
      originalPartnerReferenceNo: order.partner_reference_no,
      originalReferenceNo: order.reference_no ?? undefined,
      reason: reason ?? 'cancelled by merchant',
    });
    this.metrics.dokuCalls.inc({ operation: 'cancel', outcome: outcome.kind });
    if (outcome.kind === 'success') {
      const r = await this.transitions.apply(
        id,
        'CANCELLED',
        {
          source,
          actor,
          evidence: { externalId: outcome.externalId, responseCode: outcome.responseCode },
          details: reason ? { reason } : undefined,
        },
        { next_poll_at: null },
      );
      if (r.applied || r.order?.status === 'CANCELLED') return r.order!;
      throw new DomainError(
        'conflict',
        'ORDER_NOT_CANCELLABLE',
        `The order became ${r.order?.status} meanwhile and was not cancelled.`,
        { status: r.order?.status },
      );
    }
    // DOKU refused: typically because the customer paid just now. Look again soon.
    await this.dataSource.transaction((m) =>
      this.transitions.patch(m, id, ['PENDING'], { next_poll_at: new Date() }),
    );
    if (outcome.kind === 'declined' || outcome.kind === 'not_found') {
      throw new DomainError(
        'conflict',
        'CANCEL_REFUSED',
        `DOKU refused to cancel the QR (${outcome.responseCode}: ${outcome.responseMessage ?? ''}); it may have been paid. The order will be re-checked now.`,
        { dokuResponseCode: outcome.responseCode },
      );
    }
    const timeout = outcome.kind === 'unknown';
    throw new DomainError(
      timeout ? 'gateway_timeout' : 'bad_gateway',
      timeout ? 'GATEWAY_TIMEOUT' : 'GATEWAY_UNAVAILABLE',
      'DOKU did not confirm the cancel; the order is unchanged. Retry the cancel.',
      { dokuOutcome: outcome.kind },
    );
  }
}
