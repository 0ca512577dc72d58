import { Injectable } from '@nestjs/common';
import { SimulatorClock } from '../core/simulator-clock.js';
import { NotificationDispatcher } from '../notifications/notification.dispatcher.js';
import { TransactionStore } from '../payments/transaction.store.js';
import { DecodeSessions } from '../qris/decode-sessions.js';
import { PaymentHandler } from '../qris/payment.handler.js';
import { QueryHandler } from '../qris/query.handler.js';
import { RefundHandler } from '../qris/refund.handler.js';
import { ExternalIdRegistry } from '../snap/external-id.registry.js';
import { TokenStore } from '../token/token.store.js';
import { foreignPaymentView, transactionView, type TransactionView } from './ledger.view.js';

export interface Ledger {
  transactions: TransactionView[];
  foreignPayments: ReturnType<typeof foreignPaymentView>[];
  counters: {
    transactions: number;
    queries: number;
    b2bTokensIssued: number;
    customerTokensIssued: number;
  };
}

@Injectable()
export class LedgerService {
  constructor(
    private readonly store: TransactionStore,
    private readonly clock: SimulatorClock,
    private readonly queries: QueryHandler,
    private readonly tokens: TokenStore,
    private readonly externalIds: ExternalIdRegistry,
    private readonly notifications: NotificationDispatcher,
    private readonly refunds: RefundHandler,
    private readonly payments: PaymentHandler,
    private readonly decodeSessions: DecodeSessions,
  ) {}

  ledger(): Ledger {
    const now = this.clock.nowMs();
    return {
      transactions: [...this.store.all()].map((tx) => transactionView(tx, now)),
      foreignPayments: this.store.foreignPayments.map(foreignPaymentView),
      counters: {
        transactions: this.store.size,
        queries: this.queries.answered,
        b2bTokensIssued: this.tokens.issuedB2b,
        customerTokensIssued: this.tokens.issuedCustomer,
      },
    };
  }

  transaction(referenceNo: string): TransactionView | undefined {
    const tx = this.store.byReferenceNo(referenceNo);
    return tx ? transactionView(tx, this.clock.nowMs()) : undefined;
  }

  /** Forgets every QR, token, external id and scheduled notification (between tests). */
  reset(): void {
    this.notifications.cancelAll();
    this.store.clear();
    this.tokens.reset();
    this.externalIds.reset();
    this.queries.answered = 0;
    this.refunds.reset();
    this.payments.reset();
    this.decodeSessions.reset();
  }
}
