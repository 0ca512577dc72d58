import { Injectable } from '@nestjs/common';
import type { QrTransaction } from './domain/qr-transaction.js';

/** A payment through qr-mpm-payment of a QR the simulator did not issue (another merchant or PJSP). */
export interface ForeignPayment {
  clientId: string;
  partnerReferenceNo: string;
  qrContent: string;
  merchantName: string;
  amountMinor: number;
  feeMinor: number;
  approvalCode: string;
  paidAt: Date;
}

/** Every QR in memory, findable by DOKU's reference, by the merchant's reference, by content. */
@Injectable()
export class TransactionStore {
  private readonly byReference = new Map<string, QrTransaction>();
  private readonly byPartner = new Map<string, QrTransaction>();
  private readonly byContent = new Map<string, QrTransaction>();
  readonly foreignPayments: ForeignPayment[] = [];

  add(tx: QrTransaction): void {
    this.byReference.set(tx.referenceNo, tx);
    this.byPartner.set(partnerKey(tx.clientId, tx.partnerReferenceNo), tx);
    this.byContent.set(tx.qrContent, tx);
  }

  hasReference(referenceNo: string): boolean {
    return this.byReference.has(referenceNo);
  }

  byReferenceNo(referenceNo: string): QrTransaction | undefined {
    return this.byReference.get(referenceNo);
  }

  byPartnerReference(clientId: string, partnerReferenceNo: string): QrTransaction | undefined {
    return this.byPartner.get(partnerKey(clientId, partnerReferenceNo));
  }

  byQrContent(qrContent: string): QrTransaction | undefined {
    return this.byContent.get(qrContent);
  }

  all(): IterableIterator<QrTransaction> {
    return this.byReference.values();
  }

  get size(): number {
    return this.byReference.size;
  }

  clear(): void {
    this.byReference.clear();
    this.byPartner.clear();
    this.byContent.clear();
    this.foreignPayments.length = 0;
  }
}

function partnerKey(clientId: string, partnerReferenceNo: string): string {
  return `${clientId}|${partnerReferenceNo}`;
}
