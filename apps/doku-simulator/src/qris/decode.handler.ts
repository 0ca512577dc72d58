import { Inject, Injectable } from '@nestjs/common';
import { SIMULATOR_OPTIONS, type ResolvedOptions } from '../config/simulator-options.js';
import { IdFactory } from '../core/id-factory.js';
import { FieldReader } from '../snap/field-reader.js';
import type { SnapCall } from '../snap/snap-gateway.service.js';
import { SnapErrors, snapSuccess, type SnapReply } from '../snap/snap-reply.js';
import { FEE_TYPES, feeOf, readQris } from './decoded-qr.js';
import { DecodeSessions } from './decode-sessions.js';
import { WireAmounts } from './wire-amount.js';

const OP = 'decode';

/** qr-mpm-decode: any valid QRIS (ours or another PJSP's) -> merchant, amount, fee, initiation. */
@Injectable()
export class DecodeHandler {
  constructor(
    @Inject(SIMULATOR_OPTIONS) private readonly options: ResolvedOptions,
    private readonly ids: IdFactory,
    private readonly amounts: WireAmounts,
    private readonly sessions: DecodeSessions,
  ) {}

  handle({ client, body }: SnapCall): SnapReply {
    const r = new FieldReader(OP, body);
    const partnerReferenceNo = r.string('partnerReferenceNo', { max: 64 });
    const qrContent = r.string('qrContent', { max: 512 });
    r.timestamp('scanTime', true);
    if (r.failure) return r.failure;

    const qris = readQris(qrContent);
    if (!qris) return SnapErrors.invalidFormat(OP, 'qrContent');
    if (qris.currency !== '360') return SnapErrors.invalidFormat(OP, 'qrContent');
    const referenceNo =
      this.options.referenceNoStyle === 'echo' ? partnerReferenceNo : this.ids.referenceNo();
    // The b2b2c payment may follow with this partnerReferenceNo and no qrContent.
    this.sessions.remember(client.clientId, partnerReferenceNo, qrContent);
    const answer: Record<string, unknown> = {
      referenceNo,
      partnerReferenceNo,
      merchantName: qris.merchantName,
    };
    if (qris.amount) answer.transactionAmount = this.amounts.sample(qris.amount.minor);
    const additionalInfo: Record<string, unknown> = {
      pointOfInitiationMethod: qris.initiation === 'dynamic' ? 12 : 11,
      pointOfInitiationMethodDescription: qris.initiation === 'dynamic' ? 'DYNAMIC' : 'STATIC',
    };
    if (qris.tip) {
      const fee = feeOf(qris, qris.amount?.minor ?? 0);
      if (qris.tip.indicator !== 'prompt' && fee > 0) answer.feeAmount = this.amounts.sample(fee);
      Object.assign(additionalInfo, FEE_TYPES[qris.tip.indicator]);
      if (qris.tip.indicator === 'percentage') additionalInfo.feePercentage = qris.tip.percent;
    }
    answer.additionalInfo = additionalInfo;
    return snapSuccess(OP, answer);
  }
}
