// DOKU's qr-mpm-decode answer next to our own reading. Ours always decides validity (it
// checks the CRC and every rule offline); DOKU's adds what only DOKU knows (its reference
// for a following payment, its view of the fee) and any field where the two disagree.
import type { DecodedQr, SnapOutcome } from '#doku-snap';
import type { Qris } from '#qris';

export interface Disagreement {
  field: 'merchantName' | 'amount' | 'initiation';
  ours: string | number | null;
  doku: string | number | null;
}

export type DokuDecodeView =
  | {
      status: 'DECODED';
      referenceNo: string | null;
      merchantName: string;
      amount: number | null;
      feeAmount: number | null;
      initiation: 'static' | 'dynamic' | null;
      feeType: string | null;
      feeTypeDescription: string | null;
      disagreements: Disagreement[];
    }
  /** DOKU answered and refused the payload (its code and message). */
  | { status: 'REFUSED'; responseCode: string | null; message: string | null }
  /** No usable answer from DOKU (down, timeout, garbled): our decode stands alone. */
  | { status: 'UNAVAILABLE'; outcome: string };

export function dokuDecodeView(ours: Qris, outcome: SnapOutcome<DecodedQr>): DokuDecodeView {
  switch (outcome.kind) {
    case 'success': {
      const d = outcome.value;
      const initiation =
        d.pointOfInitiationMethod === '12'
          ? 'dynamic'
          : d.pointOfInitiationMethod === '11'
            ? 'static'
            : null;
      const amount = d.transactionAmount?.minor ?? null;
      const disagreements: Disagreement[] = [];
      if (d.merchantName.trim() !== ours.merchantName.trim())
        disagreements.push({
          field: 'merchantName',
          ours: ours.merchantName,
          doku: d.merchantName,
        });
      if (amount !== (ours.amount?.minor ?? null))
        disagreements.push({ field: 'amount', ours: ours.amount?.minor ?? null, doku: amount });
      if (initiation !== null && initiation !== ours.initiation)
        disagreements.push({ field: 'initiation', ours: ours.initiation, doku: initiation });
      return {
        status: 'DECODED',
        referenceNo: d.referenceNo,
        merchantName: d.merchantName,
        amount,
        feeAmount: d.feeAmount?.minor ?? null,
        initiation,
        feeType: d.feeType,
        feeTypeDescription: d.feeTypeDescription,
        disagreements,
      };
    }
    case 'declined':
    case 'not_found':
      return {
        status: 'REFUSED',
        responseCode: outcome.responseCode,
        message: outcome.responseMessage,
      };
    case 'auth_failed':
    case 'duplicate':
    case 'retryable':
    case 'unknown':
      return { status: 'UNAVAILABLE', outcome: `${outcome.kind}:${outcome.reason}` };
  }
}
