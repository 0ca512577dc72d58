import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { prepared, rows } from '../database/sql.js';
import { Statement } from '../database/statement.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { WebhookOutbox, type WebhookEventType } from '../webhooks/webhook-outbox.js';
import {
  type OrderEvent,
  type OrderFlag,
  transition,
  webhookTypeForStatus,
} from './domain/order-state.js';
import { nextPollWrite } from './order-polls.js';
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

/** Extra SQL written in the same statement when the change is applied (e.g. the answer to replay). */
export type AlsoWrite = (predicted: OrderRow, st: Statement, applied: string) => string;

export interface ApplyOptions {
  /** The row as the caller just read or wrote it (saves a read; checked by version). */
  current?: OrderRow;
  also?: AlsoWrite;
}

const MAX_ATTEMPTS = 5;

/**
 * The one way an order changes: API, notifications, the reconciler and admins all come
 * here. A change reads the row, asks the pure state machine, and writes in ONE statement,
 * guarded on the version it decided from: the status update, the audit event and the
 * shop's webhooks (with their per-order sequence numbers), so they are applied together or
 * not at all. If the row moved meanwhile, the decision is taken again on the new row: a
 * racing duplicate then finds the change already applied and does nothing.
 */
@Injectable()
export class OrderTransitions {
  private readonly logger = new Logger(OrderTransitions.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: WebhookOutbox,
    private readonly metrics: MetricsService,
  ) {}

  async apply(
    orderId: string,
    event: OrderEvent,
    ctx: ChangeContext,
    patch: OrderPatch = {},
    manager?: EntityManager,
    options: ApplyOptions = {},
  ): Promise<TransitionResult> {
    const db = manager ?? this.dataSource;
    let current = options.current ?? (await this.read(db, orderId));
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (!current) return { applied: false, order: null, reason: 'NOT_FOUND' };
      const decision = transition(current.status, event, current.flags);
      if (!decision.allowed) return { applied: false, order: current, reason: decision.reason };
      const type = webhookTypeForStatus(decision.to) as WebhookEventType | null;
      const announcements: WebhookEventType[] = [
        ...(type ? [type] : []),
        ...(decision.addFlags.length > 0 ? (['order.flagged'] as const) : []),
      ];
      const order = await this.write(db, current, {
        to: decision.to,
        addFlags: decision.addFlags,
        patch,
        announcements,
        event: `order.${event.toLowerCase()}`,
        ctx,
        also: options.also,
      });
      if (order) {
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
      }
      current = await this.read(db, orderId);
    }
    throw new Error(`order ${orderId} kept changing under transition ${event}`);
  }

  /** Adds a flag that needs a person (no status change), with its event and `order.flagged` webhook. */
  async flag(
    orderId: string,
    flag: OrderFlag,
    ctx: ChangeContext,
    patch: OrderPatch = {},
  ): Promise<TransitionResult> {
    let current = await this.read(this.dataSource, orderId);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (!current) return { applied: false, order: null, reason: 'NOT_FOUND' };
      const snapshot = current;
      const patchChanges = PATCHABLE_COLUMNS.some(
        (c) => c in patch && String(patch[c]) !== String(snapshot[c]),
      );
      if (current.flags.includes(flag) && !patchChanges)
        return { applied: false, order: current, reason: 'ALREADY_APPLIED' };
      const order = await this.write(this.dataSource, current, {
        to: current.status,
        addFlags: [flag],
        patch,
        announcements: current.flags.includes(flag) ? [] : ['order.flagged'],
        event: 'order.flagged',
        ctx: { ...ctx, details: { ...ctx.details, flag } },
      });
      if (order) {
        this.logger.warn({ orderId, flag, source: ctx.source }, 'order flagged for a person');
        return { applied: true, order, from: current.status };
      }
      current = await this.read(this.dataSource, orderId);
    }
    throw new Error(`order ${orderId} kept changing while being flagged ${flag}`);
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

  /**
   * Changes columns only (no status), guarded by the expected status, e.g. the next poll time.
   * One statement: the UPDATE of `orders` and, when the patch has `next_poll_at`, the write of
   * the order's `order_polls` row, made only when the UPDATE hit the row.
   */
  async patch(
    m: EntityManager,
    orderId: string,
    expected: readonly OrderRow['status'][],
    patch: OrderPatch,
  ): Promise<OrderRow | null> {
    const st = new Statement();
    const p = st.p;
    const sets = PATCHABLE_COLUMNS.filter((c) => c in patch).map((c) => `${c} = ${p(patch[c])}`);
    const schedules = patch.next_poll_at !== undefined;
    if (sets.length === 0 && !schedules) return null;
    const ctes = [
      `u AS (
         UPDATE orders SET ${sets.length ? `${sets.join(', ')},` : ''} updated_at = now()
         WHERE id = ${p(orderId)} AND status = ANY(${p(expected)}) RETURNING *)`,
      ...(schedules
        ? [`np AS (${nextPollWrite(st, orderId, patch.next_poll_at!, 'EXISTS (SELECT 1 FROM u)')})`]
        : []),
    ];
    const updated = await rows<OrderRow>(m, `WITH ${ctes.join(',\n')} SELECT * FROM u`, st.params);
    return updated[0] ?? null;
  }

  private async read(db: EntityManager | DataSource, orderId: string): Promise<OrderRow | null> {
    const [order] = await rows<OrderRow>(db, 'SELECT * FROM orders WHERE id = $1', [orderId]);
    return order ?? null;
  }

  /**
   * One statement: the UPDATE guarded on the version the decision was made from, its audit
   * event, the webhooks (their payload is the row as it will be: every changed column is
   * set explicitly) and any extra write. Null when the row had moved on.
   */
  private async write(
    db: EntityManager | DataSource,
    current: OrderRow,
    change: {
      to: OrderRow['status'];
      addFlags: OrderFlag[];
      patch: OrderPatch;
      announcements: WebhookEventType[];
      event: string;
      ctx: ChangeContext;
      also?: AlsoWrite;
    },
  ): Promise<OrderRow | null> {
    const { ctx, announcements } = change;
    const { next_poll_at: nextPoll, ...patch } = change.patch;
    const predicted: OrderRow = {
      ...current,
      ...patch,
      status: change.to,
      flags: [...new Set([...current.flags, ...change.addFlags])].sort(),
      event_seq: current.event_seq + announcements.length,
      version: current.version + 1,
      updated_at: new Date(),
    };
    const st = new Statement();
    const p = st.p;
    const sets = PATCHABLE_COLUMNS.filter((c) => c in patch).map((c) => `${c} = ${p(patch[c])}`);
    const applied = 'EXISTS (SELECT 1 FROM u)';
    const data = presentOrder(predicted);
    const ctes = [
      `u AS (
         UPDATE orders SET status = ${p(predicted.status)}, flags = ${p(predicted.flags)}::text[],
           ${sets.length ? `${sets.join(', ')},` : ''}
           event_seq = ${p(predicted.event_seq)}, version = ${p(predicted.version)}, updated_at = ${p(predicted.updated_at)}
         WHERE id = ${p(current.id)} AND version = ${p(current.version)} RETURNING *)`,
      `e AS (
         INSERT INTO order_events (order_id, type, from_status, to_status, source, actor, evidence_digest, details)
         SELECT u.id, ${p(change.event)}, ${p(current.status)}, u.status, ${p(ctx.source)}, ${p(ctx.actor)}, ${p(evidenceDigest(ctx.evidence))}, ${p(ctx.details ? JSON.stringify(ctx.details) : null)}::jsonb FROM u)`,
      ...announcements.flatMap(
        (type, i) =>
          this.outbox.ctes(
            st,
            { orderId: current.id, type, sequence: current.event_seq + 1 + i, data: { ...data } },
            `w${i}`,
            applied,
          ).ctes,
      ),
      // The reconciler's schedule (its own table: a poll rewrites it without touching `orders`).
      ...(nextPoll !== undefined
        ? [`np AS (${nextPollWrite(st, current.id, nextPoll, applied)})`]
        : []),
      ...(change.also ? [`x AS (${change.also(predicted, st, applied)})`] : []),
    ];
    // Prepared: the shapes are few (which columns a patch sets, how many webhooks, `also`).
    const [order] = await prepared<OrderRow>(
      db,
      `WITH ${ctes.join(',\n')} SELECT * FROM u`,
      st.params,
    );
    return order ?? null;
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
