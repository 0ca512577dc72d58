import { Inject, Injectable } from '@nestjs/common';
import { formatSnapTimestamp } from '#doku-snap';
import { SIMULATOR_OPTIONS, type ResolvedOptions } from '../config/simulator-options.js';
import { IdFactory } from '../core/id-factory.js';
import type { QrFee, QrTransaction } from '../payments/domain/qr-transaction.js';
import { TransactionStore } from '../payments/transaction.store.js';
import { QrContentFactory } from './qr-content.factory.js';

/** DOKU's default validity when generate has none. */
export const DEFAULT_VALIDITY_MS = 30 * 24 * 3600 * 1000;

export interface IssueQr {
  clientId: string;
  partnerReferenceNo: string;
  /** Chosen by the caller only when seeding (tests replaying DOKU's samples). */
  referenceNo?: string;
  merchantId: string;
  terminalId: string;
  amountMinor: number;
  fee: QrFee | null;
  postalCode?: string;
  validUntil?: Date;
  /** validityPeriod text as the merchant sent it. */
  validityPeriodText?: string;
  now: Date;
}

/** Creates and stores a QR: by qr-mpm-generate, or seeded through the admin API. */
@Injectable()
export class QrIssuer {
  constructor(
    @Inject(SIMULATOR_OPTIONS) private readonly options: ResolvedOptions,
    private readonly store: TransactionStore,
    private readonly qrContent: QrContentFactory,
    private readonly ids: IdFactory,
  ) {}

  issue(i: IssueQr): QrTransaction {
    const referenceNo =
      i.referenceNo ??
      (this.options.referenceNoStyle === 'echo' && !this.store.hasReference(i.partnerReferenceNo)
        ? i.partnerReferenceNo
        : this.ids.referenceNo());
    const terminalId = i.terminalId.toUpperCase();
    const validUntil = i.validUntil ?? new Date(i.now.getTime() + DEFAULT_VALIDITY_MS);
    const tx: QrTransaction = {
      referenceNo,
      partnerReferenceNo: i.partnerReferenceNo,
      clientId: i.clientId,
      merchantId: i.merchantId,
      terminalId,
      amountMinor: i.amountMinor,
      fee: i.fee,
      qrContent: this.qrContent.build({
        merchantId: i.merchantId,
        partnerReferenceNo: i.partnerReferenceNo,
        terminalId,
        amountMinor: i.amountMinor,
        fee: i.fee,
        postalCode: i.postalCode,
      }),
      createdAt: i.now,
      validUntil,
      validityPeriod: i.validityPeriodText ?? formatSnapTimestamp(validUntil),
      status: 'pending',
      refunds: [],
      queryCount: 0,
      calls: [],
      notifications: [],
    };
    this.store.add(tx);
    return tx;
  }
}
