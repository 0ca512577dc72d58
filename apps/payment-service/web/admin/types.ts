// The shapes of the admin API answers the console reads (see /docs/openapi.json).
export interface Session {
  keyId: string;
  role: 'viewer' | 'operator';
  csrfToken: string | null;
  expiresAt: string | null;
  refundApprovalThreshold: number;
}

export interface Order {
  id: string;
  merchantReference: string;
  status: string;
  flags: string[];
  amount: number;
  currency: string;
  description: string | null;
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

export interface Refund {
  id: string;
  orderId: string;
  status: string;
  amount: number;
  reason: string;
  actor: string;
  doku: { partnerRefundNo: string; refundNo: string | null };
  failure: { code: string; message: string | null } | null;
  unknown: { lastOutcome: string | null; message: string } | null;
  attempts: number;
  nextAttemptAt: string | null;
  createdAt: string;
}

export interface Approval {
  id: string;
  orderId: string;
  amount: number;
  reason: string;
  status: string;
  requestedBy: string;
  decidedBy: string | null;
  decisionNote: string | null;
  refundId: string | null;
  createdAt: string;
}

export interface OrderEvent {
  id: number;
  type: string;
  from: string | null;
  to: string | null;
  source: string;
  actor: string;
  details: Record<string, unknown> | null;
  at: string;
}

export interface Delivery {
  id: string;
  eventType: string;
  sequence: number;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

export interface AdminOrder extends Order {
  refundSummary: {
    paidAmount: number;
    refundedAmount: number;
    inFlightAmount: number;
    refundableAmount: number;
  };
  refunds: Refund[];
  events: OrderEvent[];
  webhookDeliveries: Delivery[];
  refundApprovals: Approval[];
}
