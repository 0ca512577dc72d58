import { Inject, Injectable } from '@nestjs/common';
import { buildQris, DOKU_GUI, DOKU_NNS, QRIS_REPOSITORY_GUI, type QrisTipInput } from '#qris';
import {
  SIMULATOR_OPTIONS,
  type ResolvedMerchant,
  type ResolvedOptions,
} from '../config/simulator-options.js';
import type { QrFee } from '../payments/domain/qr-transaction.js';

export interface QrContentInput {
  merchantId: string;
  partnerReferenceNo: string;
  terminalId: string;
  amountMinor: number;
  fee: QrFee | null;
  postalCode?: string;
}

/**
 * The ten merchant digits of DOKU's PAN: the merchant id's digits zero-padded to 10, or a
 * stable hash of an id without digits or with more than 10.
 */
export function merchantDigits(merchantId: string): string {
  const digits = merchantId.replace(/\D/g, '');
  if (digits.length >= 1 && digits.length <= 10) return digits.padStart(10, '0');
  let h = 0;
  for (let i = 0; i < merchantId.length; i++)
    h = (Math.imul(h, 31) + merchantId.charCodeAt(i)) >>> 0;
  return String(h).padStart(10, '0');
}

/**
 * DOKU's merchant PAN (tag 26 sub 01): NNS 93600899 + the merchant id in 10 digits, with no
 * Luhn check digit, as in DOKU's sample and every DOKU QR found in public code
 * (merchant 2997 -> 936008990000002997).
 */
export function dokuMerchantPan(merchantId: string): string {
  return DOKU_NNS + merchantDigits(merchantId);
}

/**
 * A dynamic QRIS as DOKU issues it (compare the sample on DOKU's QRIS page): DOKU's
 * template (GUI, PAN = NNS 93600899 + the 10-digit merchant id, merchant id, criteria), the
 * national repository template with the NMID, amount, fee rule, merchant name/city/postal
 * code, 62/07 terminal label and 62/50 the bare partnerReferenceNo.
 */
@Injectable()
export class QrContentFactory {
  private readonly merchant: ResolvedMerchant;

  constructor(@Inject(SIMULATOR_OPTIONS) options: ResolvedOptions) {
    this.merchant = options.merchant;
  }

  build(input: QrContentInput): string {
    const m = this.merchant;
    return buildQris({
      initiation: 'dynamic',
      merchantAccounts: [
        {
          tag: '26',
          gui: DOKU_GUI,
          pan: dokuMerchantPan(input.merchantId),
          merchantId: input.merchantId,
          criteria: m.criteria,
        },
        { tag: '51', gui: QRIS_REPOSITORY_GUI, merchantId: m.nmid, criteria: m.criteria },
      ],
      mcc: m.mcc,
      merchantName: m.name,
      merchantCity: m.city,
      postalCode: input.postalCode ?? m.postalCode,
      amountMinor: input.amountMinor,
      tip: tipOf(input.fee),
      additionalData: {
        terminalLabel: input.terminalId,
        templates: [{ id: '50', value: input.partnerReferenceNo }],
      },
    });
  }
}

function tipOf(fee: QrFee | null): QrisTipInput | undefined {
  if (!fee) return undefined;
  switch (fee.type) {
    case 1:
      return { indicator: 'prompt' };
    case 2:
      return { indicator: 'fixed', minor: fee.minor };
    case 3:
      return { indicator: 'percentage', percent: fee.percent };
  }
}
