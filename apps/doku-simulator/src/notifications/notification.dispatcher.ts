import { Inject, Injectable } from '@nestjs/common';
import { SIMULATOR_OPTIONS, type ResolvedOptions } from '../config/simulator-options.js';
import { IdFactory } from '../core/id-factory.js';
import { SimulatorClock } from '../core/simulator-clock.js';
import { FaultInjector, type NotificationFault } from '../faults/fault-injector.js';
import { StateChanges } from '../persistence/state-changes.js';
import type {
  NotificationEvent,
  NotificationRecord,
  QrRefund,
  QrTransaction,
} from '../payments/domain/qr-transaction.js';
import { notificationBody } from './notification.body.js';
import { NotificationSender } from './notification.sender.js';
import { retryOffsetMs } from './retry-schedule.js';

interface Pending {
  tx: QrTransaction;
  record: NotificationRecord;
  fault: NotificationFault;
}

/**
 * Sends qr-mpm-notify on payment, refund and cancel: applies the notification faults
 * (drop, duplicate, delay, reorder, bad signature), retries a failed delivery on DOKU's
 * schedule, and records every attempt on the QR for the ledger.
 */
@Injectable()
export class NotificationDispatcher {
  private url: string | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly controllers = new Set<AbortController>();
  private held: { pending: Pending; timer: NodeJS.Timeout } | undefined;
  private inFlight = 0;
  private busy = 0;
  private closed = false;
  private sequence = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(
    @Inject(SIMULATOR_OPTIONS) private readonly options: ResolvedOptions,
    private readonly sender: NotificationSender,
    private readonly faults: FaultInjector,
    private readonly ids: IdFactory,
    private readonly clock: SimulatorClock,
    private readonly changes: StateChanges,
  ) {
    this.url = options.notificationUrl;
  }

  get notificationUrl(): string | undefined {
    return this.url;
  }

  setNotificationUrl(url: string | undefined): void {
    this.url = url;
  }

  notify(tx: QrTransaction, event: NotificationEvent, refund?: QrRefund): NotificationRecord {
    const now = new Date();
    const record: NotificationRecord = {
      id: `ntf_${++this.sequence}`,
      event,
      externalId: this.ids.externalId(now),
      createdAt: now,
      status: 'scheduled',
      attempts: [],
      body: notificationBody(tx, event, this.clock.nowMs(), refund),
    };
    tx.notifications.push(record);
    const fault = this.faults.forNotification();
    if (fault.drop) {
      record.status = 'dropped';
      return record;
    }
    const pending = { tx, record, fault };
    if (fault.reorder) this.reorder(pending);
    else this.later(fault.delayMs, () => this.firstAttempt(pending));
    return record;
  }

  /**
   * Picks up a notification that was still scheduled when the simulator stopped (loaded
   * from a state file): its next attempt at its due time, or now; no faults apply to it.
   */
  resume(tx: QrTransaction, record: NotificationRecord): void {
    const fault: NotificationFault = {
      drop: false,
      duplicate: false,
      delayMs: 0,
      reorder: false,
      reorderWindowMs: 0,
      badSignature: false,
    };
    const pending = { tx, record, fault };
    const made = record.attempts.filter((a) => !a.duplicate).length;
    const due = record.nextAttemptAt?.getTime() ?? Date.now();
    this.later(Math.max(0, due - Date.now()), () =>
      made === 0 ? this.firstAttempt(pending) : this.attempt(pending, made, false),
    );
  }

  /** Holds a notification until the next one arrives, then sends the newer one first. */
  private reorder(pending: Pending): void {
    if (this.held) {
      const older = this.held;
      this.held = undefined;
      clearTimeout(older.timer);
      this.timers.delete(older.timer);
      // The newer one first; the older one once the newer one's first attempt is over.
      this.later(pending.fault.delayMs, async () => {
        await this.firstAttempt(pending);
        await this.firstAttempt(older.pending);
      });
      return;
    }
    const timer = this.later(pending.fault.reorderWindowMs, () => {
      this.held = undefined;
      return this.firstAttempt(pending);
    });
    this.held = { pending, timer };
  }

  private async firstAttempt(p: Pending): Promise<void> {
    await this.attempt(p, 0, false);
    if (p.fault.duplicate && !this.closed) await this.attempt(p, -1, true);
  }

  /** `retry` is the 0-based number of the retry that follows a failure; -1 for a duplicate send. */
  private async attempt(p: Pending, retry: number, duplicate: boolean): Promise<void> {
    if (this.closed) return;
    const { record, tx } = p;
    record.nextAttemptAt = undefined;
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), this.options.notificationTimeoutMs);
    this.controllers.add(controller);
    this.inFlight++;
    const badSignature = p.fault.badSignature;
    const at = new Date();
    const url = this.url;
    const result = url
      ? await this.sender.deliver({
          url,
          clientId: tx.clientId,
          externalId: record.externalId,
          body: record.body,
          badSignature,
          signal: controller.signal,
        })
      : { ok: false, error: 'no notification URL configured' };
    clearTimeout(timeout);
    this.controllers.delete(controller);
    this.inFlight--;
    if (this.closed) return this.settle();
    record.attempts.push({ at, ...result, badSignature, duplicate });
    if (duplicate) return this.settle();
    if (result.ok) {
      record.status = 'delivered';
    } else {
      const offset = retryOffsetMs(retry, this.options.notificationRetryTimeFactor);
      if (offset === undefined) {
        record.status = 'failed';
      } else {
        const due = record.createdAt.getTime() + offset;
        record.nextAttemptAt = new Date(due);
        this.later(Math.max(0, due - Date.now()), () => this.attempt(p, retry + 1, false));
      }
    }
    this.changes.changed();
    this.settle();
  }

  private later(ms: number, fn: () => Promise<void>): NodeJS.Timeout {
    // Not before `due` by the wall clock the ledger records: a timer may fire a millisecond
    // early by Date.now() (it runs on the monotonic clock, rounded), so it is re-armed.
    const due = Date.now() + ms;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (Date.now() < due) {
        this.later(due - Date.now(), fn);
        return;
      }
      // Busy until the whole chain (attempt, duplicate, reordered partner) is over.
      this.busy++;
      void fn().finally(() => {
        this.busy--;
        this.settle();
      });
    }, ms);
    timer.unref();
    this.timers.add(timer);
    return timer;
  }

  private settle(): void {
    if (this.isIdle()) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  /** Nothing in flight and nothing scheduled (retries included). */
  isIdle(): boolean {
    return this.inFlight === 0 && this.busy === 0 && this.timers.size === 0;
  }

  /** Resolves once every notification has been delivered, failed for good or dropped. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Cancels scheduled deliveries (state reset); in-flight ones finish unrecorded. */
  cancelAll(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.held = undefined;
    this.settle();
  }

  close(): void {
    this.closed = true;
    this.cancelAll();
    for (const c of this.controllers) c.abort();
    this.controllers.clear();
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
