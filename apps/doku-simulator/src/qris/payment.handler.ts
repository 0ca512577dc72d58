import { Inject, Injectable } from '@nestjs/common';
import { SIMULATOR_OPTIONS, type ResolvedOptions } from '../config/simulator-options.js';
import { IdFactory } from '../core/id-factory.js';
import { SimulatorClock } from '../core/simulator-clock.js';
import { PaymentService } from '../payments/payment.service.js';
import { TransactionStore } from '../payments/transaction.store.js';
import { FieldReader } from '../snap/field-reader.js';
import type { SnapCall } from '../snap/snap-gateway.service.js';
import { snapFailure, SnapErrors, snapSuccess, type SnapReply } from '../snap/snap-reply.js';
import { feeOf, readQris } from './decoded-qr.js';
import { DecodeSessions } from './decode-sessions.js';
import { WireAmounts } from './wire-amount.js';

const OP = 'payment';

export interface PaymentAnswer {
  referenceNo: string;
  amountMinor: number;
  feeMinor: number;
  approvalCode: string;
  qrContent: string;
}

/**
 * qr-mpm-payment (b2b2c, needs the customer's token): pays the QR in
 * `additionalInfo.qrContent` (or the one last decoded under this partnerReferenceNo). A QR
 * this simulator issued becomes paid and its merchant is notified; another merchant's or
 * PJSP's valid QR is recorded as a foreign payment.
 */
@Injectable()
export class PaymentHandler {
  private readonly done = new Map<string, PaymentAnswer>();

  constructor(
    @Inject(SIMULATOR_OPTIONS) private readonly options: ResolvedOptions,
    private readonly store: TransactionStore,
    private readonly payments: PaymentService,
    private readonly sessions: DecodeSessions,
    private readonly ids: IdFactory,
    private readonly clock: SimulatorClock,
    private readonly amounts: WireAmounts,
  ) {}

  handle({ client, body }: SnapCall): SnapReply {
    const r = new FieldReader(OP, body);
    const partnerReferenceNo = r.string('partnerReferenceNo', { max: 64 });
    const amountMinor = r.amount('amount', false);
    const feeMinorGiven = r.amount('feeAmount', false);
    const qrContentGiven = r.optionalString('additionalInfo.qrContent', { max: 512 });
    if (r.failure) return r.failure;
    const key = `${client.clientId}|${partnerReferenceNo}`;
    if (this.done.has(key)) return SnapErrors.duplicatePartnerReference(OP);

    const qrContent = qrContentGiven ?? this.sessions.find(client.clientId, partnerReferenceNo);
    if (!qrContent) return SnapErrors.mandatory(OP, 'additionalInfo.qrContent');
    const qris = readQris(qrContent);
    if (!qris) return SnapErrors.invalidFormat(OP, 'additionalInfo.qrContent');
    const qrAmount = qris.amount?.minor;
    if (qrAmount === undefined && amountMinor === undefined)
      return SnapErrors.mandatory(OP, 'amount');
    const payAmount = amountMinor ?? qrAmount!;
    if (payAmount <= 0 || (qrAmount !== undefined && payAmount !== qrAmount))
      return SnapErrors.invalidAmount(OP);
    const fixedFee = feeOf(qris, payAmount);
    const feeMinor = qris.tip?.indicator === 'prompt' ? (feeMinorGiven ?? 0) : fixedFee;
    if (feeMinorGiven !== undefined && feeMinorGiven !== feeMinor)
      return SnapErrors.invalidAmount(OP);

    const tx = this.store.byQrContent(qrContent);
    let answer: PaymentAnswer;
    if (tx) {
      const result = this.payments.pay(tx, {
        amountMinor: payAmount,
        tipMinor: feeMinor,
        issuerName: 'DOKU',
        channel: 'b2b2c',
      });
      if (!result.ok) {
        switch (result.refusal) {
          case 'ALREADY_PAID':
            return snapFailure(404, OP, '14', 'Paid Bill');
          case 'EXPIRED':
            return SnapErrors.expired(OP);
          case 'CANCELLED':
            return SnapErrors.cancelled(OP);
        }
      }
      answer = {
        referenceNo: this.referenceNo(partnerReferenceNo),
        amountMinor: payAmount,
        feeMinor,
        approvalCode: result.payment.approvalCode,
        qrContent,
      };
    } else {
      answer = {
        referenceNo: this.referenceNo(partnerReferenceNo),
        amountMinor: payAmount,
        feeMinor,
        approvalCode: this.ids.approvalCode(),
        qrContent,
      };
      this.store.foreignPayments.push({
        clientId: client.clientId,
        partnerReferenceNo,
        qrContent,
        merchantName: qris.merchantName,
        amountMinor: payAmount,
        feeMinor,
        approvalCode: answer.approvalCode,
        paidAt: this.clock.now(),
      });
    }
    this.done.set(key, answer);
    const fields: Record<string, unknown> = {
      referenceNo: answer.referenceNo,
      partnerReferenceNo,
      amount: this.amounts.sample(answer.amountMinor),
    };
    if (answer.feeMinor > 0) fields.feeAmount = this.amounts.sample(answer.feeMinor);
    // DOKU's sample sends the approval code as a number here (and as a string in query).
    fields.additionalInfo = {
      approvalCode:
        this.options.amountStyle === 'sample' ? Number(answer.approvalCode) : answer.approvalCode,
    };
    return snapSuccess(OP, fields);
  }

  private referenceNo(partnerReferenceNo: string): string {
    return this.options.referenceNoStyle === 'echo' ? partnerReferenceNo : this.ids.referenceNo();
  }

  reset(): void {
    this.done.clear();
  }

  /** Payments answered, by client and partnerReferenceNo (for a state file). */
  exportState(): [string, PaymentAnswer][] {
    return [...this.done];
  }

  importState(entries: [string, PaymentAnswer][]): void {
    this.done.clear();
    for (const [k, v] of entries) this.done.set(k, v);
  }
}
