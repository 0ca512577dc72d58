import { Module, type DynamicModule } from '@nestjs/common';
import { SIMULATOR_OPTIONS, type ResolvedOptions } from './config/simulator-options.js';
import { IdFactory } from './core/id-factory.js';
import { SimulatorClock } from './core/simulator-clock.js';
import { FaultInjector } from './faults/fault-injector.js';
import { FaultsController } from './faults/faults.controller.js';
import { LedgerController } from './ledger/ledger.controller.js';
import { LedgerService } from './ledger/ledger.service.js';
import { MerchantTokenClient } from './notifications/merchant-token.client.js';
import { NotificationDispatcher } from './notifications/notification.dispatcher.js';
import { NotificationSender } from './notifications/notification.sender.js';
import { PayController } from './payments/pay.controller.js';
import { StateChanges } from './persistence/state-changes.js';
import { StateFile } from './persistence/state-file.js';
import { PaymentService } from './payments/payment.service.js';
import { SeedQrController } from './payments/seed-qr.controller.js';
import { TransactionStore } from './payments/transaction.store.js';
import { CancelHandler } from './qris/cancel.handler.js';
import { DecodeSessions } from './qris/decode-sessions.js';
import { DecodeHandler } from './qris/decode.handler.js';
import { GenerateHandler } from './qris/generate.handler.js';
import { PaymentHandler } from './qris/payment.handler.js';
import { RefundHandler } from './qris/refund.handler.js';
import { QrContentFactory } from './qris/qr-content.factory.js';
import { QrIssuer } from './qris/qr-issuer.service.js';
import { QrisController } from './qris/qris.controller.js';
import { QueryHandler } from './qris/query.handler.js';
import { WireAmounts } from './qris/wire-amount.js';
import { AnswerWriter } from './snap/answer-writer.js';
import { ExternalIdRegistry } from './snap/external-id.registry.js';
import { SnapGateway } from './snap/snap-gateway.service.js';
import { TransactionAuthenticator } from './snap/transaction-authenticator.js';
import { SimulatorPageController } from './ui/simulator-page.controller.js';
import { TokenController } from './token/token.controller.js';
import { TokenService } from './token/token.service.js';
import { TokenStore } from './token/token.store.js';

/** The whole simulator: one process-local state, wired by feature folder. */
@Module({})
export class SimulatorAppModule {
  static forRoot(options: ResolvedOptions): DynamicModule {
    return {
      module: SimulatorAppModule,
      controllers: [
        TokenController,
        QrisController,
        PayController,
        SeedQrController,
        LedgerController,
        FaultsController,
        SimulatorPageController,
      ],
      providers: [
        { provide: SIMULATOR_OPTIONS, useValue: options },
        // core
        SimulatorClock,
        IdFactory,
        // snap pipeline
        AnswerWriter,
        ExternalIdRegistry,
        TransactionAuthenticator,
        SnapGateway,
        // token
        TokenStore,
        TokenService,
        // qris
        WireAmounts,
        QrContentFactory,
        QrIssuer,
        GenerateHandler,
        QueryHandler,
        RefundHandler,
        DecodeSessions,
        DecodeHandler,
        CancelHandler,
        PaymentHandler,
        // payments
        TransactionStore,
        PaymentService,
        // notifications
        MerchantTokenClient,
        NotificationSender,
        NotificationDispatcher,
        // faults, ledger
        FaultInjector,
        LedgerService,
        // persistence (stateFile)
        StateChanges,
        StateFile,
      ],
    };
  }
}
