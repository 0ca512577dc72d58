// A decoded QRIS as the API shows it: amounts in minor units, names as written.
import type { Qris } from '#qris';

export interface QrisFieldsView {
  initiation: 'static' | 'dynamic';
  merchantName: string;
  merchantCity: string;
  postalCode: string | null;
  countryCode: string;
  mcc: string;
  /** ISO 4217 numeric (`360` = IDR). */
  currency: string;
  /** Tag 54 in minor units; null on a static QRIS (the payer enters the amount). */
  amount: number | null;
  tip:
    | { indicator: 'prompt' }
    | { indicator: 'fixed'; amount: number }
    | { indicator: 'percentage'; percent: string }
    | null;
  nmid: string | null;
  merchantPan: string | null;
  acquirerGuis: string[];
  merchantAccounts: {
    tag: string;
    gui: string;
    pan: string | null;
    merchantId: string | null;
    criteria: string | null;
  }[];
  additionalData: Record<string, string | { id: string; value: string }[]> | null;
  crc: string;
}

export function presentQrisFields(q: Qris): QrisFieldsView {
  let additionalData: QrisFieldsView['additionalData'] = null;
  if (q.additionalData) {
    const { templates, ...named } = q.additionalData;
    additionalData = {
      ...(named as Record<string, string>),
      templates: templates.map((t) => ({ id: t.id, value: t.value })),
    };
  }
  return {
    initiation: q.initiation,
    merchantName: q.merchantName,
    merchantCity: q.merchantCity,
    postalCode: q.postalCode ?? null,
    countryCode: q.countryCode,
    mcc: q.mcc,
    currency: q.currency,
    amount: q.amount?.minor ?? null,
    tip: !q.tip
      ? null
      : q.tip.indicator === 'fixed'
        ? { indicator: 'fixed', amount: q.tip.minor }
        : q.tip,
    nmid: q.nmid ?? null,
    merchantPan: q.merchantPan ?? null,
    acquirerGuis: q.acquirerGuis,
    merchantAccounts: q.merchantAccounts.map((a) => ({
      tag: a.tag,
      gui: a.gui,
      pan: a.pan ?? null,
      merchantId: a.merchantId ?? null,
      criteria: a.criteria ?? null,
    })),
    additionalData,
    crc: q.crc,
  };
}
