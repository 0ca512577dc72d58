// What DOKU's decode answer says about a QRIS: initiation method and fee rule with DOKU's
// descriptions (its sample: feeType 2 = "FIX_TIPS").
import { parseQris, type Qris } from '#qris';

export const FEE_TYPES = {
  prompt: { feeType: 1, feeTypeDescription: 'OPEN_TIPS' },
  fixed: { feeType: 2, feeTypeDescription: 'FIX_TIPS' },
  percentage: { feeType: 3, feeTypeDescription: 'PERCENTAGE_TIPS' },
} as const;

/** The QRIS when it is valid (any PJSP's, static or dynamic); undefined otherwise. */
export function readQris(qrContent: string): Qris | undefined {
  const result = parseQris(qrContent);
  return result.ok ? result.qris : undefined;
}

/** The fixed fee in minor units, or the percentage fee of `amountMinor`; 0 without a fee rule. */
export function feeOf(qris: Qris, amountMinor: number): number {
  const tip = qris.tip;
  if (!tip) return 0;
  if (tip.indicator === 'fixed') return tip.minor;
  if (tip.indicator === 'percentage') return Math.round((amountMinor * Number(tip.percent)) / 100);
  return 0;
}
