import { Injectable } from '@nestjs/common';
import { IdFactory } from '../core/id-factory.js';
import { SimulatorClock } from '../core/simulator-clock.js';
import { NotificationDispatcher } from '../notifications/notification.dispatcher.js';
import { decidePay, type PayRefusal } from './domain/qr-state.js';
import type { QrPayment, QrTransaction } from './domain/qr-transaction.js';

export interface PayInput {
  /** What the customer paid (minor units); default the QR's amount. Anything else tests mismatch handling. */
  amountMinor?: number;
  /** A tip typed by the customer (fee type 1); fee type 2 adds the QR's fixed fee. */
  tipMinor?: number;
  issuerId?: string;
  issuerName?: string;
  customerName?: string;
  /** Pay even though the QR expired or was cancelled (a payment that raced the cancellation). */
  force?: boolean;
  channel: QrPayment['channel'];
}

export type PayResult =
  { ok: true; tx: QrTransaction; payment: QrPayment } | { ok: false; refusal: PayRefusal };

/** The issuers a customer may pay from, by the name the pay endpoint accepts. */
export const ISSUERS: Record<string, string> = {
  BCA: '93600014',
  MANDIRI: '93600008',
  BRI: '93600002',
  BNI: '93600009',
  GOPAY: '93600914',
  OVO: '93600912',
  DANA: '93600915',
  SHOPEEPAY: '93600918',
  DOKU: '93600899',
};

/** A customer pays a QR: the payment lands on the QR and the merchant is notified. */
@Injectable()
export class PaymentService {
  constructor(
    private readonly ids: IdFactory,
    private readonly clock: SimulatorClock,
    private readonly notifications: NotificationDispatcher,
  ) {}

  pay(tx: QrTransaction, input: PayInput): PayResult {
    const decision = decidePay(tx, this.clock.nowMs(), input.force ?? false);
    if (!decision.ok) return decision;
    const issuerName = (input.issuerName ?? 'BCA').toUpperCase();
    const fee = tx.fee;
    const feeMinor =
      fee?.type === 2
        ? fee.minor
        : fee?.type === 1
          ? (input.tipMinor ?? 0)
          : fee?.type === 3
            ? Math.round((tx.amountMinor * Number(fee.percent)) / 100)
            : 0;
    const payment: QrPayment = {
      paidAt: this.clock.now(),
      amountMinor: input.amountMinor ?? tx.amountMinor,
      feeMinor,
      approvalCode: this.ids.approvalCode(),
      issuerId: input.issuerId ?? ISSUERS[issuerName] ?? '93600000',
      issuerName,
      customerName: (input.customerName ?? 'JOHN DOE').toUpperCase().slice(0, 31),
      channel: input.channel,
      late: decision.late,
    };
    tx.payment = payment;
    tx.status = 'paid';
    this.notifications.notify(tx, 'payment');
    return { ok: true, tx, payment };
  }
}
