import { Inject, Injectable } from '@nestjs/common';
import { formatSnapTimestamp } from '#doku-snap';
import { SIMULATOR_OPTIONS, type ResolvedOptions } from '../config/simulator-options.js';
import { IdFactory } from '../core/id-factory.js';
import type { QrFee, QrTransaction } from '../payments/domain/qr-transaction.js';
import { TransactionStore } from '../payments/transaction.store.js';
import { FieldReader } from '../snap/field-reader.js';
import type { SnapCall } from '../snap/snap-gateway.service.js';
import { SnapErrors, snapSuccess, type SnapReply } from '../snap/snap-reply.js';
import { QrContentFactory } from './qr-content.factory.js';

const OP = 'generate';
/** DOKU's default validity when the request has none. */
const DEFAULT_VALIDITY_MS = 30 * 24 * 3600 * 1000;
const PARTNER_REFERENCE = /^[\x21-\x7e]{1,64}$/;
const TERMINAL_ID = /^[A-Za-z0-9]{3,16}$/;
const PERCENT = /^(?:[1-9]\d?|0)(?:\.\d{1,2})?$/;

/** qr-mpm-generate: a dynamic QRIS for one order. */
@Injectable()
export class GenerateHandler {
  constructor(
    @Inject(SIMULATOR_OPTIONS) private readonly options: ResolvedOptions,
    private readonly store: TransactionStore,
    private readonly qrContent: QrContentFactory,
    private readonly ids: IdFactory,
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

    const referenceNo =
      this.options.referenceNoStyle === 'echo' && !this.store.hasReference(partnerReferenceNo)
        ? partnerReferenceNo
        : this.ids.referenceNo();
    const terminal = terminalId.toUpperCase();
    const expiresAt = validUntil ?? new Date(now.getTime() + DEFAULT_VALIDITY_MS);
    const validityPeriod =
      typeof body.validityPeriod === 'string' && validUntil
        ? body.validityPeriod
        : formatSnapTimestamp(expiresAt);
    const tx: QrTransaction = {
      referenceNo,
      partnerReferenceNo,
      clientId: client.clientId,
      merchantId,
      terminalId: terminal,
      amountMinor,
      fee,
      qrContent: this.qrContent.build({
        merchantId,
        partnerReferenceNo,
        terminalId: terminal,
        amountMinor,
        fee,
        postalCode,
      }),
      createdAt: now,
      validUntil: expiresAt,
      validityPeriod,
      status: 'pending',
      refunds: [],
      queryCount: 0,
      notifications: [],
    };
    this.store.add(tx);
    return snapSuccess(OP, {
      referenceNo,
      partnerReferenceNo,
      qrContent: tx.qrContent,
      terminalId: terminal,
      additionalInfo: { validityPeriod },
    });
  }
}
