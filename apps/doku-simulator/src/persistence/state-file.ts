import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { SIMULATOR_OPTIONS, type ResolvedOptions } from '../config/simulator-options.js';
import { NotificationDispatcher } from '../notifications/notification.dispatcher.js';
import type { QrTransaction } from '../payments/domain/qr-transaction.js';
import { TransactionStore, type ForeignPayment } from '../payments/transaction.store.js';
import { DecodeSessions } from '../qris/decode-sessions.js';
import { PaymentHandler, type PaymentAnswer } from '../qris/payment.handler.js';
import { QueryHandler } from '../qris/query.handler.js';
import { RefundHandler } from '../qris/refund.handler.js';
import { TokenStore, type TokenState } from '../token/token.store.js';
import { decodeState, encodeState } from './state-codec.js';
import { StateChanges } from './state-changes.js';

const VERSION = 1;
/** Changes within this window are saved together (one write, not one per request). */
const SAVE_DELAY_MS = 50;

interface SavedState {
  version: number;
  savedAt: Date;
  transactions: QrTransaction[];
  foreignPayments: ForeignPayment[];
  tokens: TokenState;
  queriesAnswered: number;
  payments: [string, PaymentAnswer][];
  decodeSessions: [string, string][];
}

/**
 * `stateFile`: what DOKU would remember across a restart (QRs with their payments, refunds,
 * notifications and calls; foreign payments; live tokens; answered payments; decode
 * sessions) kept in one JSON file, loaded at start and rewritten atomically (temp file +
 * rename) shortly after every change and on close. X-EXTERNAL-ID replays, faults and the
 * business-clock offset are not kept. Without `stateFile` nothing is read or written.
 */
@Injectable()
export class StateFile {
  private readonly file: string | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(SIMULATOR_OPTIONS) options: ResolvedOptions,
    private readonly changes: StateChanges,
    private readonly store: TransactionStore,
    private readonly tokens: TokenStore,
    private readonly queries: QueryHandler,
    private readonly refunds: RefundHandler,
    private readonly payments: PaymentHandler,
    private readonly decodeSessions: DecodeSessions,
    private readonly notifications: NotificationDispatcher,
  ) {
    this.file = options.stateFile;
  }

  /** Loads the file when there is one, resumes its scheduled notifications, then saves on every change. */
  start(): void {
    if (!this.file) return;
    if (existsSync(this.file)) this.load(decodeState<SavedState>(readFileSync(this.file, 'utf8')));
    this.changes.listen(() => this.schedule());
  }

  /** Writes now (on close). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.file) this.save(this.file);
  }

  private load(state: SavedState): void {
    if (state.version !== VERSION)
      throw new Error(`doku-simulator: ${this.file} has state version ${state.version}`);
    this.store.clear();
    for (const tx of state.transactions) this.store.add(tx);
    this.store.foreignPayments.push(...state.foreignPayments);
    this.tokens.importState(state.tokens);
    this.queries.answered = state.queriesAnswered;
    this.refunds.reindex(state.transactions);
    this.payments.importState(state.payments);
    this.decodeSessions.importState(state.decodeSessions);
    for (const tx of state.transactions)
      for (const record of tx.notifications)
        if (record.status === 'scheduled') this.notifications.resume(tx, record);
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.file) this.save(this.file);
    }, SAVE_DELAY_MS);
    this.timer.unref();
  }

  private save(file: string): void {
    const state: SavedState = {
      version: VERSION,
      savedAt: new Date(),
      transactions: [...this.store.all()],
      foreignPayments: this.store.foreignPayments,
      tokens: this.tokens.exportState(),
      queriesAnswered: this.queries.answered,
      payments: this.payments.exportState(),
      decodeSessions: this.decodeSessions.exportState(),
    };
    mkdirSync(path.dirname(file), { recursive: true });
    // Tokens are credentials: the file is the owner's only, like dev-credentials.json.
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, encodeState(state), { mode: 0o600 });
    renameSync(temp, file);
  }
}
