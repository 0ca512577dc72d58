import { Injectable } from '@nestjs/common';
import { formatSnapTimestamp } from '#doku-snap';
import { SimulatorClock } from '../core/simulator-clock.js';
import { effectiveStatus, snapTransactionStatus } from '../payments/domain/qr-state.js';
import { recordCall } from '../payments/domain/qr-transaction.js';
import { TransactionStore } from '../payments/transaction.store.js';
import { FieldReader } from '../snap/field-reader.js';
import type { SnapCall } from '../snap/snap-gateway.service.js';
import { SnapErrors, snapSuccess, type SnapReply } from '../snap/snap-reply.js';
import { findOriginal } from './transaction-lookup.js';
import { WireAmounts } from './wire-amount.js';

const OP = 'query';

/** qr-mpm-query: the QR's latest status, shaped like DOKU's sample answer. */
@Injectable()
export class QueryHandler {
  /** Every query answered, found or not. */
  answered = 0;

  constructor(
    private readonly store: TransactionStore,
    private readonly amounts: WireAmounts,
    private readonly clock: SimulatorClock,
  ) {}

  handle({ client, body }: SnapCall): SnapReply {
    const r = new FieldReader(OP, body);
    const originalReferenceNo = r.optionalString('originalReferenceNo', { max: 64 });
    const originalPartnerReferenceNo = r.string('originalPartnerReferenceNo', { max: 64 });
    const serviceCode = r.string('serviceCode', { max: 2 });
    const merchantId = r.string('merchantId', { max: 64 });
    if (r.failure) return r.failure;
    if (serviceCode !== '51') return SnapErrors.invalidFormat(OP, 'serviceCode');
    this.answered++;

    const tx = findOriginal(
      this.store,
      client.clientId,
      originalPartnerReferenceNo,
      originalReferenceNo,
      merchantId,
    );
    if (!tx) {
      return SnapErrors.notFound(OP, {
        originalReferenceNo: originalReferenceNo ?? '',
        originalPartnerReferenceNo,
        serviceCode: '51',
        latestTransactionStatus: '07',
        transactionStatusDesc: 'Not Found',
      });
    }
    tx.queryCount++;
    const status = snapTransactionStatus(effectiveStatus(tx, this.clock.nowMs()));
    const p = tx.payment;
    const additionalInfo: Record<string, unknown> = p
      ? {
          approvalCode: p.approvalCode,
          convenienceFee: 'C00000000',
          issuerId: p.issuerId,
          issuerName: p.issuerName,
          // DOKU pads these as its sample shows ("A01             ", "JOHN DOE    ...").
          terminalId: tx.terminalId.padEnd(16, ' '),
          customerName: p.customerName.padEnd(31, ' '),
        }
      : { terminalId: tx.terminalId.padEnd(16, ' ') };
    const feeMinor = p ? p.feeMinor : tx.fee?.type === 2 ? tx.fee.minor : 0;
    const answer: Record<string, unknown> = {
      originalReferenceNo: tx.referenceNo,
      originalPartnerReferenceNo: tx.partnerReferenceNo,
      serviceCode: '51',
      latestTransactionStatus: status.code,
      transactionStatusDesc: status.desc,
    };
    if (p) answer.paidTime = formatSnapTimestamp(p.paidAt);
    answer.amount = this.amounts.sample(p ? p.amountMinor : tx.amountMinor);
    if (feeMinor > 0) answer.feeAmount = this.amounts.sample(feeMinor);
    answer.additionalInfo = additionalInfo;
    return recordCall(tx, 'query', this.clock.now(), snapSuccess(OP, answer));
  }
}
