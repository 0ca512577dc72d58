import { Injectable } from '@nestjs/common';
import { formatSnapTimestamp } from '#doku-snap';
import { IdFactory } from '../core/id-factory.js';
import { SimulatorClock } from '../core/simulator-clock.js';
import { NotificationDispatcher } from '../notifications/notification.dispatcher.js';
import { decideRefund } from '../payments/domain/qr-state.js';
import {
  recordCall,
  type QrRefund,
  type QrTransaction,
} from '../payments/domain/qr-transaction.js';
import { TransactionStore } from '../payments/transaction.store.js';
import { FieldReader } from '../snap/field-reader.js';
import type { SnapCall } from '../snap/snap-gateway.service.js';
import { SnapErrors, snapSuccess, type SnapReply } from '../snap/snap-reply.js';
import { findOriginal } from './transaction-lookup.js';
import { WireAmounts } from './wire-amount.js';

const OP = 'refund';

/**
 * qr-mpm-refund: partial and multiple refunds up to the paid amount. partnerRefundNo is the
 * idempotency key: the same number for the same refund answers the same refund again.
 */
@Injectable()
export class RefundHandler {
  /** partnerRefundNo (per client) -> the refund and its QR. */
  private readonly byPartnerRefundNo = new Map<string, { tx: QrTransaction; refund: QrRefund }>();

  constructor(
    private readonly store: TransactionStore,
    private readonly ids: IdFactory,
    private readonly clock: SimulatorClock,
    private readonly amounts: WireAmounts,
    private readonly notifications: NotificationDispatcher,
  ) {}

  handle({ client, body }: SnapCall): SnapReply {
    const r = new FieldReader(OP, body);
    const merchantId = r.string('merchantId', { max: 64 });
    const originalPartnerReferenceNo = r.string('originalPartnerReferenceNo', { max: 64 });
    const originalReferenceNo = r.optionalString('originalReferenceNo', { max: 64 });
    const partnerRefundNo = r.string('partnerRefundNo', { max: 64 });
    const amountMinor = r.amount('refundAmount') ?? 0;
    const reason = r.string('reason', { max: 256 });
    r.object('additionalInfo');
    if (r.failure) return r.failure;

    const tx = findOriginal(
      this.store,
      client.clientId,
      originalPartnerReferenceNo,
      originalReferenceNo,
      merchantId,
    );
    if (!tx) return SnapErrors.notFound(OP);
    return recordCall(
      tx,
      'refund',
      this.clock.now(),
      this.refund(tx, client.clientId, partnerRefundNo, amountMinor, reason),
      partnerRefundNo,
    );
  }

  private refund(
    tx: QrTransaction,
    clientId: string,
    partnerRefundNo: string,
    amountMinor: number,
    reason: string,
  ): SnapReply {
    const key = `${clientId}|${partnerRefundNo}`;
    const earlier = this.byPartnerRefundNo.get(key);
    if (earlier) {
      // Idempotent retry: the same refund again; another QR or amount under the same number is a client bug.
      if (earlier.tx !== tx || earlier.refund.amountMinor !== amountMinor)
        return SnapErrors.inconsistent(OP);
      return this.answer(tx, earlier.refund);
    }
    if (amountMinor <= 0) return SnapErrors.invalidAmount(OP);
    const decision = decideRefund(tx, amountMinor);
    if (!decision.ok) {
      switch (decision.refusal) {
        case 'NOT_PAID':
          return SnapErrors.invalidStatus(OP);
        case 'CANCELLED':
          return SnapErrors.notAllowed(OP);
        case 'EXCEEDS_PAID_AMOUNT':
          return SnapErrors.exceedsAmount(OP);
      }
    }
    const refund: QrRefund = {
      refundNo: this.ids.refundNo(),
      partnerRefundNo,
      amountMinor,
      reason,
      refundedAt: this.clock.now(),
    };
    tx.refunds.push(refund);
    if (decision.fullyRefunded) tx.status = 'refunded';
    this.byPartnerRefundNo.set(key, { tx, refund });
    this.notifications.notify(tx, 'refund', refund);
    return this.answer(tx, refund);
  }

  private answer(tx: QrTransaction, refund: QrRefund): SnapReply {
    return snapSuccess(OP, {
      originalReferenceNo: tx.referenceNo,
      originalPartnerReferenceNo: tx.partnerReferenceNo,
      refundNo: refund.refundNo,
      partnerRefundNo: refund.partnerRefundNo,
      refundAmount: this.amounts.sample(refund.amountMinor),
      refundTime: formatSnapTimestamp(refund.refundedAt),
    });
  }

  reset(): void {
    this.byPartnerRefundNo.clear();
  }

  /** Rebuilds the partnerRefundNo index from the QRs' refunds (after loading a state file). */
  reindex(transactions: Iterable<QrTransaction>): void {
    this.byPartnerRefundNo.clear();
    for (const tx of transactions)
      for (const refund of tx.refunds)
        this.byPartnerRefundNo.set(`${tx.clientId}|${refund.partnerRefundNo}`, { tx, refund });
  }
}
