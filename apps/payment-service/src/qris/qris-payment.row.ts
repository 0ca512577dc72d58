/** A `qris_payments` row as PostgreSQL returns it (bigint parsed to number). */
export interface QrisPaymentRow {
  id: string;
  shop_key_id: string;
  idempotency_key: string;
  partner_reference_no: string;
  external_id: string;
  qr_content: string;
  merchant_name: string | null;
  amount: number;
  fee_amount: number | null;
  currency: string;
  status: 'PENDING' | 'SUCCEEDED' | 'FAILED' | 'UNKNOWN';
  reference_no: string | null;
  approval_code: string | null;
  failure_code: string | null;
  failure_message: string | null;
  last_outcome: string | null;
  /** DOKU may have acted on an attempt whose answer was lost: only a settling answer ends it. */
  doku_may_have_acted: boolean;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
}

export interface QrisPaymentEventRow {
  id: number;
  type: string;
  from_status: string | null;
  to_status: string | null;
  actor: string;
  details: Record<string, unknown> | null;
  created_at: Date;
}

/** A payment as the API shows it. */
export interface QrisPaymentView {
  id: string;
  status: QrisPaymentRow['status'];
  amount: number;
  feeAmount: number | null;
  currency: string;
  merchantName: string | null;
  qrContent: string;
  approvalCode: string | null;
  doku: { partnerReferenceNo: string; referenceNo: string | null };
  failure: { code: string; message: string | null } | null;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
}

export function presentQrisPayment(p: QrisPaymentRow): QrisPaymentView {
  return {
    id: p.id,
    status: p.status,
    amount: p.amount,
    feeAmount: p.fee_amount,
    currency: p.currency,
    merchantName: p.merchant_name,
    qrContent: p.qr_content,
    approvalCode: p.approval_code,
    doku: { partnerReferenceNo: p.partner_reference_no, referenceNo: p.reference_no },
    failure: p.failure_code ? { code: p.failure_code, message: p.failure_message } : null,
    createdAt: p.created_at.toISOString(),
    updatedAt: p.updated_at.toISOString(),
    completedAt: p.completed_at?.toISOString() ?? null,
  };
}
