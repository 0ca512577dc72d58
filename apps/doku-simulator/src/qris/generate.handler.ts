import { Inject, Injectable } from '@nestjs/common';
import { SIMULATOR_OPTIONS, type ResolvedOptions } from '../config/simulator-options.js';
import type { QrFee } from '../payments/domain/qr-transaction.js';
import { TransactionStore } from '../payments/transaction.store.js';
import { FieldReader } from '../snap/field-reader.js';
import type { SnapCall } from '../snap/snap-gateway.service.js';
import { SnapErrors, snapSuccess, type SnapReply } from '../snap/snap-reply.js';
import { QrIssuer } from './qr-issuer.service.js';

const OP = 'generate';
const PARTNER_REFERENCE = /^[\x21-\x7e]{1,64}$/;
const TERMINAL_ID = /^[A-Za-z0-9]{3,16}$/;
const PERCENT = /^(?:[1-9]\d?|0)(?:\.\d{1,2})?$/;

/** qr-mpm-generate: a dynamic QRIS for one order. */
@Injectable()
export class GenerateHandler {
  constructor(
    @Inject(SIMULATOR_OPTIONS) private readonly options: ResolvedOptions,
    private readonly store: TransactionStore,
    private readonly issuer: QrIssuer,
  ) {}

  handle({ client, body, now }: SnapCall): SnapReply {
    const r = new FieldReader(OP, body);
    const partnerReferenceNo = r.string('partnerReferenceNo', { pattern: PARTNER_REFERENCE });
    const amountMinor = r.amount('amount') ?? 0;
    const feeAmountMinor = r.amount('feeAmount', false);
    const merchantId = r.string('merchantId', { max: 64 });
    const terminalId = r.string('terminalId', { pattern: TERMINAL_ID });
    const validUntil = r.timestamp('validityPeriod', false);
    r.object('additionalInfo');
    const postalCode = r.optionalString('additionalInfo.postalCode', {
      pattern: /^[0-9A-Za-z]{1,10}$/,
    });
    const feeTypeText = r.optionalString('additionalInfo.feeType', { pattern: /^[123]$/ });
    if (r.failure) return r.failure;

    const feeType = feeTypeText
      ? Number(feeTypeText)
      : feeAmountMinor !== undefined
        ? 2
        : undefined;
    let fee: QrFee | null = null;
    if (feeType === 1) fee = { type: 1 };
    else if (feeType === 2 || feeType === 3) {
      if (feeAmountMinor === undefined) return SnapErrors.mandatory(OP, 'feeAmount');
      if (feeType === 2) fee = { type: 2, minor: feeAmountMinor };
      else {
        const percent = (feeAmountMinor / 100).toFixed(2);
        if (feeAmountMinor <= 0 || !PERCENT.test(percent))
          return SnapErrors.invalidFormat(OP, 'feeAmount.value');
        fee = { type: 3, percent };
      }
    }
    if (validUntil && validUntil.getTime() <= now.getTime())
      return SnapErrors.invalidFormat(OP, 'validityPeriod');
    if (merchantId !== this.options.merchant.merchantId) return SnapErrors.invalidMerchant(OP);
    if (amountMinor <= 0) return SnapErrors.invalidAmount(OP);
    if (amountMinor > this.options.maxAmountMinor) return SnapErrors.exceedsAmount(OP);
    if (this.store.byPartnerReference(client.clientId, partnerReferenceNo))
      return SnapErrors.duplicatePartnerReference(OP);

    const tx = this.issuer.issue({
      clientId: client.clientId,
      partnerReferenceNo,
      merchantId,
      terminalId,
      amountMinor,
      fee,
      postalCode,
      validUntil,
      validityPeriodText:
        validUntil && typeof body.validityPeriod === 'string' ? body.validityPeriod : undefined,
      now,
    });
    return snapSuccess(OP, {
      referenceNo: tx.referenceNo,
      partnerReferenceNo,
      qrContent: tx.qrContent,
      terminalId: tx.terminalId,
      additionalInfo: { validityPeriod: tx.validityPeriod },
    });
  }
}
