import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { rows } from '../database/sql.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { WebhookOutbox, type WebhookEventType } from '../webhooks/webhook-outbox.js';
import {
  type OrderEvent,
  type OrderFlag,
  transition,
  webhookTypeForStatus,
} from './domain/order-state.js';
import { type OrderPatch, type OrderRow, PATCHABLE_COLUMNS } from './order.row.js';
import { presentOrder } from './order.presenter.js';

export type EventSource = 'api' | 'notification' | 'reconciler' | 'admin';

export interface ChangeContext {
  source: EventSource;
  /** Who: a shop key id, an admin key id, `doku`, `reconciler`. */
  actor: string;
  /** What we based the change on (DOKU's body, a query answer); stored as a digest. */
  evidence?: unknown;
  details?: Record<string, unknown>;
}

export type TransitionResult =
  | { applied: true; order: OrderRow; from: OrderRow['status'] }
  | { applied: false; order: OrderRow; reason: 'ALREADY_APPLIED' | 'NOT_ALLOWED' }
  | { applied: false; order: null; reason: 'NOT_FOUND' };

export function evidenceDigest(evidence: unknown): string | null {
  if (evidence === undefined) return null;
  const text =
    typeof evidence === 'string' || Buffer.isBuffer(evidence) ? evidence : JSON.stringify(evidence);
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The one way an order changes: API, notifications, the reconciler and admins all come
 * here. Each change locks the row, asks the pure state machine, updates guarded on the
 * status it decided from, and writes the audit event and the shop's webhook in the same
 * transaction. A racing duplicate finds the change already applied and does nothing.
 */
@Injectable()
export class OrderTransitions {
  private readonly logger = new Logger(OrderTransitions.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: WebhookOutbox,
    private readonly metrics: MetricsService,
  ) {}

  apply(
    orderId: string,
    event: OrderEvent,
    ctx: ChangeContext,
    patch: OrderPatch = {},
    manager?: EntityManager,
  ): Promise<TransitionResult> {
    const run = async (m: EntityManager): Promise<TransitionResult> => {
      const current = await this.lock(m, orderId);
      if (!current) return { applied: false, order: null, reason: 'NOT_FOUND' };
      const decision = transition(current.status, event);
      if (!decision.allowed) return { applied: false, order: current, reason: decision.reason };
      const type = webhookTypeForStatus(decision.to) as WebhookEventType | null;
      const announcements: WebhookEventType[] = [
        ...(type ? [type] : []),
        ...(decision.addFlags.length > 0 ? (['order.flagged'] as const) : []),
      ];
      const order = await this.update(m, current, {
        to: decision.to,
        addFlags: decision.addFlags,
        patch,
        sequenceBump: announcements.length,
        event: `order.${event.toLowerCase()}`,
        ctx,
      });
      await this.enqueueAll(m, order, announcements);
      this.metrics.ordersTransitions.inc({ to: decision.to, source: ctx.source });
      this.logger.log(
        {
          orderId,
          from: current.status,
          to: decision.to,
          source: ctx.source,
          flags: decision.addFlags,
        },
        'order transition',
      );
      return { applied: true, order, from: current.status };
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
  }

  /** Adds a flag that needs a person (no status change), with its event and `order.flagged` webhook. */
  flag(
    orderId: string,
    flag: OrderFlag,
    ctx: ChangeContext,
    patch: OrderPatch = {},
  ): Promise<TransitionResult> {
    return this.dataSource.transaction(async (m) => {
      const current = await this.lock(m, orderId);
      if (!current) return { applied: false, order: null, reason: 'NOT_FOUND' } as const;
      const patchChanges = PATCHABLE_COLUMNS.some(
        (c) => c in patch && String(patch[c]) !== String(current[c]),
      );
      if (current.flags.includes(flag) && !patchChanges)
        return { applied: false, order: current, reason: 'ALREADY_APPLIED' } as const;
      const announcements: WebhookEventType[] = current.flags.includes(flag)
        ? []
        : ['order.flagged'];
      const order = await this.update(m, current, {
        to: current.status,
        addFlags: [flag],
        patch,
        sequenceBump: announcements.length,
        event: 'order.flagged',
        ctx: { ...ctx, details: { ...ctx.details, flag } },
      });
      await this.enqueueAll(m, order, announcements);
      this.logger.warn({ orderId, flag, source: ctx.source }, 'order flagged for a person');
      return { applied: true, order, from: current.status } as const;
    });
  }

  /** Records an event that changes nothing (a decline seen by the reconciler, an admin note). */
  async note(
    orderOrId: string | OrderRow,
    type: string,
    ctx: ChangeContext,
    manager?: EntityManager,
  ): Promise<void> {
    const run = async (m: EntityManager) => {
      const order =
        typeof orderOrId === 'string'
          ? (await rows<OrderRow>(m, 'SELECT * FROM orders WHERE id = $1', [orderOrId]))[0]
          : orderOrId;
      if (order) await this.recordEvent(m, order, type, order.status, ctx);
    };
    await (manager ? run(manager) : this.dataSource.transaction(run));
  }

  /** Changes columns only (no status), guarded by the expected status, e.g. the next poll time. */
  async patch(
    m: EntityManager,
    orderId: string,
    expected: readonly OrderRow['status'][],
    patch: OrderPatch,
  ): Promise<OrderRow | null> {
    const { sets, params } = patchSql(patch, 3);
    if (sets.length === 0) return null;
    const updated = await rows<OrderRow>(
      m,
      `UPDATE orders SET ${sets.join(', ')}, updated_at = now() WHERE id = $1 AND status = ANY($2) RETURNING *`,
      [orderId, expected, ...params],
    );
    return updated[0] ?? null;
  }

  private async lock(m: EntityManager, orderId: string): Promise<OrderRow | null> {
    const [order] = await rows<OrderRow>(m, 'SELECT * FROM orders WHERE id = $1 FOR UPDATE', [
      orderId,
    ]);
    return order ?? null;
  }

  /**
   * The guarded UPDATE and its audit event in one statement (one round trip inside every
   * transition); it also reserves the sequence numbers of the webhooks to announce.
   */
  private async update(
    m: EntityManager,
    current: OrderRow,
    change: {
      to: OrderRow['status'];
      addFlags: OrderFlag[];
      patch: OrderPatch;
      sequenceBump: number;
      event: string;
      ctx: ChangeContext;
    },
  ): Promise<OrderRow> {
    const { ctx } = change;
    const { sets, params } = patchSql(change.patch, 11);
    const updated = await rows<OrderRow>(
      m,
      `WITH u AS (
         UPDATE orders SET status = $3,
           flags = ARRAY(SELECT DISTINCT unnest(flags || $4::text[]) ORDER BY 1),
           ${sets.length ? `${sets.join(', ')},` : ''}
           event_seq = event_seq + $5, version = version + 1, updated_at = now()
         WHERE id = $1 AND status = $2 RETURNING *
       ), e AS (
         INSERT INTO order_events (order_id, type, from_status, to_status, source, actor, evidence_digest, details)
         SELECT u.id, $6, $2, u.status, $7, $8, $9, $10::jsonb FROM u
       )
       SELECT * FROM u`,
      [
        current.id,
        current.status,
        change.to,
        change.addFlags,
        change.sequenceBump,
        change.event,
        ctx.source,
        ctx.actor,
        evidenceDigest(ctx.evidence),
        ctx.details ? JSON.stringify(ctx.details) : null,
        ...params,
      ],
    );
    // Cannot happen under the row lock; if it does, an invariant is broken: roll back.
    if (!updated[0]) throw new Error(`order ${current.id} changed under its row lock`);
    return updated[0];
  }

  private async recordEvent(
    m: EntityManager,
    order: OrderRow,
    type: string,
    from: OrderRow['status'],
    ctx: ChangeContext,
  ): Promise<void> {
    await m.query(
      `INSERT INTO order_events (order_id, type, from_status, to_status, source, actor, evidence_digest, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        order.id,
        type,
        from,
        order.status,
        ctx.source,
        ctx.actor,
        evidenceDigest(ctx.evidence),
        ctx.details ? JSON.stringify(ctx.details) : null,
      ],
    );
  }

  /** Writes the webhooks whose sequence numbers the update just reserved (the last ones). */
  private async enqueueAll(
    m: EntityManager,
    order: OrderRow,
    types: WebhookEventType[],
  ): Promise<void> {
    const data = presentOrder(order);
    for (let i = 0; i < types.length; i++) {
      await this.outbox.enqueue(m, {
        orderId: order.id,
        type: types[i],
        sequence: order.event_seq - types.length + 1 + i,
        data: { ...data },
      });
    }
  }

  /** Bumps the order's event sequence and writes the webhook into the outbox. */
  async announce(
    m: EntityManager,
    order: OrderRow,
    type: WebhookEventType,
    extra: Record<string, unknown> = {},
  ): Promise<OrderRow> {
    const [bumped] = await rows<OrderRow>(
      m,
      'UPDATE orders SET event_seq = event_seq + 1 WHERE id = $1 RETURNING *',
      [order.id],
    );
    await this.outbox.enqueue(m, {
      orderId: order.id,
      type,
      sequence: bumped.event_seq,
      data: { ...presentOrder(bumped), ...extra },
    });
    return bumped;
  }
}

function patchSql(patch: OrderPatch, firstParam: number): { sets: string[]; params: unknown[] } {
  const sets: string[] = [];
  const params: unknown[] = [];
  for (const column of PATCHABLE_COLUMNS) {
    if (column in patch) {
      params.push(patch[column]);
      sets.push(`${column} = $${firstParam + params.length - 1}`);
    }
  }
  return { sets, params };
}
