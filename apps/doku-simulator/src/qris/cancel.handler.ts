import { Injectable } from '@nestjs/common';
import { formatSnapTimestamp } from '#doku-snap';
import { SimulatorClock } from '../core/simulator-clock.js';
import { NotificationDispatcher } from '../notifications/notification.dispatcher.js';
import { decideCancel } from '../payments/domain/qr-state.js';
import { recordCall } from '../payments/domain/qr-transaction.js';
import { TransactionStore } from '../payments/transaction.store.js';
import { FieldReader } from '../snap/field-reader.js';
import type { SnapCall } from '../snap/snap-gateway.service.js';
import { SnapErrors, snapSuccess, type SnapReply } from '../snap/snap-reply.js';
import { findOriginal } from './transaction-lookup.js';

const OP = 'cancel';

/** qr-mpm-cancel: an unpaid QR can no longer be paid; a paid one answers 405xx01. Cancelling twice is harmless. */
@Injectable()
export class CancelHandler {
  constructor(
    private readonly store: TransactionStore,
    private readonly clock: SimulatorClock,
    private readonly notifications: NotificationDispatcher,
  ) {}

  handle({ client, body }: SnapCall): SnapReply {
    const r = new FieldReader(OP, body);
    const originalPartnerReferenceNo = r.string('originalPartnerReferenceNo', { max: 64 });
    const originalReferenceNo = r.optionalString('originalReferenceNo', { max: 64 });
    const merchantId = r.string('merchantId', { max: 64 });
    r.optionalString('reason', { max: 256 });
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
    const decision = decideCancel(tx);
    if (!decision.ok) return recordCall(tx, 'cancel', this.clock.now(), SnapErrors.notAllowed(OP));
    if (!decision.alreadyCancelled) {
      tx.status = 'cancelled';
      tx.cancelledAt = this.clock.now();
      this.notifications.notify(tx, 'cancel');
    }
    return recordCall(
      tx,
      'cancel',
      this.clock.now(),
      snapSuccess(OP, {
        originalReferenceNo: tx.referenceNo,
        originalPartnerReferenceNo: tx.partnerReferenceNo,
        cancelTime: formatSnapTimestamp(tx.cancelledAt!),
        transactionDate: formatSnapTimestamp(tx.createdAt),
      }),
    );
  }
}
