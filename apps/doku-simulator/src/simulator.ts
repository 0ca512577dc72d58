import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SimulatorAppModule } from './app.module.js';
import { resolveOptions, type SimulatorOptions } from './config/simulator-options.js';
import { SimulatorClock } from './core/simulator-clock.js';
import { FaultInjector } from './faults/fault-injector.js';
import {
  parseEndpointRule,
  parseNotificationRule,
  type EndpointFaultRule,
  type EndpointSelector,
  type NotificationFaultRule,
} from './faults/fault-rules.js';
import { LedgerService, type Ledger } from './ledger/ledger.service.js';
import type { TransactionView } from './ledger/ledger.view.js';
import { NotificationDispatcher } from './notifications/notification.dispatcher.js';
import { parsePayRequest, type PayRequestBody } from './payments/pay-request.js';
import { PaymentService } from './payments/payment.service.js';
import { TransactionStore } from './payments/transaction.store.js';
import { StateChanges } from './persistence/state-changes.js';
import { StateFile } from './persistence/state-file.js';
import { AnswerWriter } from './snap/answer-writer.js';
import { rawJsonBodyParser } from './snap/raw-json.body-parser.js';
import { SnapNotFoundFilter } from './snap/snap-not-found.filter.js';
import { TokenStore } from './token/token.store.js';

export interface FaultSettings {
  seed?: number;
  endpoints?: Partial<Record<EndpointSelector, EndpointFaultRule>>;
  notifications?: NotificationFaultRule;
}

export interface RunningSimulator {
  /** Base URL, e.g. `http://127.0.0.1:41234` (use it as DOKU's base URL). */
  url: string;
  port: number;
  /** DOKU's public key (PEM, SPKI): what the merchant verifies notifications with. */
  dokuPublicKeyPem: string;
  close(): Promise<void>;
  /** Every QR with status, amounts, payment, refunds, notifications and query count. */
  ledger(): Ledger;
  transaction(referenceNo: string): TransactionView | undefined;
  /** Pays a QR as a customer would (same options as `POST /simulator/v1/qris/{referenceNo}/pay`). */
  pay(referenceNo: string, options?: PayRequestBody): TransactionView;
  setNotificationUrl(url: string | undefined): void;
  /** Replaces every fault rule (and the seed when given). */
  setFaults(settings: FaultSettings): void;
  setEndpointFault(endpoint: EndpointSelector, rule: EndpointFaultRule): void;
  setNotificationFault(rule: NotificationFaultRule): void;
  resetFaults(seed?: number): void;
  /** Every issued access token stops working now (token expiry mid-run). */
  expireTokens(): void;
  /** Moves the simulator's business clock forward (token expiry, QR validity). */
  advanceClock(ms: number): void;
  /** Resolves when no notification is in flight or scheduled (retries included). */
  notificationsIdle(): Promise<void>;
  /** Forgets every QR, token, X-EXTERNAL-ID and scheduled notification; faults stay. */
  reset(): void;
}

/** Starts the DOKU SNAP sandbox in this process and resolves once it listens. */
export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const resolved = resolveOptions(options);
  const adapter = new FastifyAdapter({ forceCloseConnections: true, bodyLimit: 1024 * 1024 });
  const app = await NestFactory.create<NestFastifyApplication>(
    SimulatorAppModule.forRoot(resolved),
    adapter,
    {
      logger: resolved.logger ? ['warn', 'error'] : false,
      rawBody: true,
      bodyParser: false,
      abortOnError: false,
    },
  );
  // Every content type gets the raw-bytes parser: a merchant sending `text/plain` (or none)
  // still gets its signature checked over what it sent, not over an empty body.
  app.useBodyParser(
    ['application/json', 'text/plain', '*'],
    { bodyLimit: 1024 * 1024 },
    rawJsonBodyParser as never,
  );
  app.useGlobalFilters(new SnapNotFoundFilter());
  // Every answered request may have changed the state: a state file saves itself after it.
  const changes = app.get(StateChanges);
  adapter.getInstance().addHook('onResponse', (_req, _res, done) => {
    changes.changed();
    done();
  });
  const stateFile = app.get(StateFile);
  try {
    stateFile.start();
  } catch (e) {
    await app.close();
    throw e;
  }
  try {
    await app.listen(resolved.port, resolved.host);
  } catch (e) {
    // e.g. EADDRINUSE: do not leave a half-started app behind.
    await app.close();
    throw e;
  }
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : resolved.port;
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;

  const ledger = app.get(LedgerService);
  const faults = app.get(FaultInjector);
  const notifications = app.get(NotificationDispatcher);
  const store = app.get(TransactionStore);
  const payments = app.get(PaymentService);
  let closed: Promise<void> | undefined;

  return {
    url: `http://${host}:${port}`,
    port,
    dokuPublicKeyPem: resolved.dokuPublicKeyPem,
    close() {
      closed ??= (async () => {
        notifications.close();
        app.get(AnswerWriter).releaseAll();
        await app.close();
        stateFile.flush();
      })();
      return closed;
    },
    ledger: () => ledger.ledger(),
    transaction: (referenceNo) => ledger.transaction(referenceNo),
    pay(referenceNo, body) {
      const tx = store.byReferenceNo(referenceNo);
      if (!tx) throw new Error(`no QR with referenceNo ${referenceNo}`);
      const result = payments.pay(tx, { ...parsePayRequest(body ?? {}), channel: 'simulator' });
      if (!result.ok) throw new Error(`cannot pay ${referenceNo}: ${result.refusal}`);
      changes.changed();
      return ledger.transaction(referenceNo)!;
    },
    setNotificationUrl: (url) => notifications.setNotificationUrl(url),
    setFaults(settings) {
      const endpoints = Object.entries(settings.endpoints ?? {}).map(
        ([k, v]) => [k as EndpointSelector, parseEndpointRule(v)] as const,
      );
      const notify = settings.notifications
        ? parseNotificationRule(settings.notifications)
        : undefined;
      faults.reset(settings.seed);
      for (const [k, v] of endpoints) faults.setEndpointRule(k, v);
      if (notify) faults.setNotificationRule(notify);
    },
    setEndpointFault: (endpoint, rule) => faults.setEndpointRule(endpoint, parseEndpointRule(rule)),
    setNotificationFault: (rule) => faults.setNotificationRule(parseNotificationRule(rule)),
    resetFaults: (seed) => faults.reset(seed),
    expireTokens: () => app.get(TokenStore).expireAll(),
    advanceClock: (ms) => app.get(SimulatorClock).advance(ms),
    notificationsIdle: () => notifications.whenIdle(),
    reset: () => {
      ledger.reset();
      changes.changed();
    },
  };
}
