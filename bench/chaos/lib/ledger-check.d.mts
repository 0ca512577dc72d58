// Types for ledger-check.mjs (its spec is TypeScript).
export interface OurRows {
  orders: {
    id: string;
    status: string;
    merchant_reference?: string;
    partner_reference_no: string;
    qr_content?: string | null;
    amount: number;
    paid_amount: number | null;
    flags: string[];
  }[];
  refunds: { id: string; order_id: string; status: string; amount: number }[];
  payments: { id: string; status: string; qr_content: string; amount: number }[];
}
export interface LedgerTransaction {
  partnerReferenceNo: string;
  qrContent: string;
  status: string;
  amountMinor: number;
  refundedMinor: number;
  payment: { amountMinor: number; channel: string } | null;
  refunds: { partnerRefundNo: string; amountMinor: number }[];
}
export function readOurRows(dbUrl: string): Promise<OurRows>;
export function compareWithLedger(
  ours: OurRows,
  ledger: { transactions: LedgerTransaction[] },
): { wrong: string[]; unsettled: string[]; lostQrs: LedgerTransaction[] };
