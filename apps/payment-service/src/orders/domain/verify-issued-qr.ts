import { parseQris } from '#qris';

export interface IssuedQrExpectation {
  amountMinor: number;
  partnerReferenceNo: string;
}

/**
 * A QR DOKU returned is handed to a shop only if it is a valid dynamic QRIS for exactly
 * the order's amount (and, where DOKU wrote our reference into 62/50, for this order).
 * Anything else would let a customer pay the wrong amount or the wrong order.
 */
export function verifyIssuedQr(
  qrContent: string,
  expected: IssuedQrExpectation,
): { ok: true } | { ok: false; problems: string[] } {
  const parsed = parseQris(qrContent);
  if (!parsed.ok)
    return { ok: false, problems: parsed.problems.map((p) => `${p.code}: ${p.message}`) };
  const { qris } = parsed;
  const problems: string[] = [];
  if (qris.initiation !== 'dynamic') problems.push('QR is static; an order needs a dynamic QR');
  if (!qris.amount) problems.push('QR carries no amount');
  else if (qris.amount.minor !== expected.amountMinor)
    problems.push(
      `QR amount ${qris.amount.text} differs from the order's ${expected.amountMinor} minor units`,
    );
  const reference = qris.additionalData?.templates.find((t) => t.id === '50');
  if (reference && reference.value !== expected.partnerReferenceNo)
    problems.push(
      `QR reference ${reference.value} is not this order's ${expected.partnerReferenceNo}`,
    );
  return problems.length ? { ok: false, problems } : { ok: true };
}
