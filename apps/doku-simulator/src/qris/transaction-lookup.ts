import type { QrTransaction } from '../payments/domain/qr-transaction.js';
import type { TransactionStore } from '../payments/transaction.store.js';

/**
 * Finds the QR a query/refund/cancel is about: by the merchant's originalPartnerReferenceNo
 * (always known to the merchant, even when generate's answer was lost), checked against
 * originalReferenceNo and merchantId when given. A mismatch reads as "no such transaction".
 */
export function findOriginal(
  store: TransactionStore,
  clientId: string,
  originalPartnerReferenceNo: string,
  originalReferenceNo: string | undefined,
  merchantId: string,
): QrTransaction | undefined {
  const tx = store.byPartnerReference(clientId, originalPartnerReferenceNo);
  if (!tx) return undefined;
  if (originalReferenceNo !== undefined && originalReferenceNo !== tx.referenceNo) return undefined;
  if (merchantId !== tx.merchantId) return undefined;
  return tx;
}
