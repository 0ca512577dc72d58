import type { OrderRow } from './order.row.js';
import type { OrderEventRow } from './orders.repository.js';

/** The order as the API (and every webhook) shows it. Amounts are integer minor units. */
export interface OrderView {
  id: string;
  merchantReference: string;
  status: OrderRow['status'];
  flags: OrderRow['flags'];
  amount: number;
  currency: string;
  description: string | null;
  metadata: Record<string, unknown> | null;
  terminalId: string;
  qrContent: string | null;
  expiresAt: string;
  payment: {
    paidAt: string | null;
    paidAmount: number;
    approvalCode: string | null;
    issuerId: string | null;
    issuerName: string | null;
    customerName: string | null;
  } | null;
  failure: { code: string; message: string | null } | null;
  doku: { partnerReferenceNo: string; referenceNo: string | null };
  createdAt: string;
  updatedAt: string;
}

export function presentOrder(o: OrderRow): OrderView {
  return {
    id: o.id,
    merchantReference: o.merchant_reference,
    status: o.status,
    flags: o.flags,
    amount: o.amount,
    currency: o.currency,
    description: o.description,
    metadata: o.metadata,
    terminalId: o.terminal_id,
    qrContent: o.qr_content,
    expiresAt: o.expires_at.toISOString(),
    payment:
      o.paid_amount !== null
        ? {
            paidAt: o.paid_at?.toISOString() ?? null,
            paidAmount: o.paid_amount,
            approvalCode: o.approval_code,
            issuerId: o.issuer_id,
            issuerName: o.issuer_name,
            customerName: o.customer_name,
          }
        : null,
    failure: o.failure_code ? { code: o.failure_code, message: o.failure_message } : null,
    doku: { partnerReferenceNo: o.partner_reference_no, referenceNo: o.reference_no },
    createdAt: o.created_at.toISOString(),
    updatedAt: o.updated_at.toISOString(),
  };
}

/** One audit event as the API shows it. */
export interface OrderEventView {
  id: number;
  type: string;
  from: string | null;
  to: string | null;
  source: string;
  actor: string;
  evidenceDigest: string | null;
  details: Record<string, unknown> | null;
  at: string;
}

export function presentEvent(e: OrderEventRow): OrderEventView {
  return {
    id: Number(e.id),
    type: e.type,
    from: e.from_status,
    to: e.to_status,
    source: e.source,
    actor: e.actor,
    evidenceDigest: e.evidence_digest,
    details: e.details,
    at: e.created_at.toISOString(),
  };
}
