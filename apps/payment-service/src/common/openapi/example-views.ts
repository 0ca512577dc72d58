// Whole example objects, typed as the presenters' views, for examples that show an order, a
// refund or a payment inside something else (error details, webhook events, the create
// answer): the document's examples validate against their schemas (redocly lint).
import type { OrderView } from '../../orders/order.presenter.js';
import type { QrisPaymentView } from '../../qris/qris-payment.row.js';
import type { RefundView } from '../../refunds/refund.presenter.js';
import {
  EXAMPLE_AMOUNT,
  EXAMPLE_CREATED_AT,
  EXAMPLE_EXPIRES_AT,
  EXAMPLE_MERCHANT_REFERENCE,
  EXAMPLE_ORDER_ID,
  EXAMPLE_PAID_AT,
  EXAMPLE_PARTNER_REFERENCE_NO,
  EXAMPLE_PAYMENT_ID,
  EXAMPLE_QR_CONTENT,
  EXAMPLE_REFERENCE_NO,
  EXAMPLE_REFUNDED_AT,
  EXAMPLE_REFUND_ID,
  EXAMPLE_UPDATED_AT,
} from './examples.js';

/** The example order as POST /v1/orders answers it: PENDING, with its QR. */
export const EXAMPLE_PENDING_ORDER: OrderView = {
  id: EXAMPLE_ORDER_ID,
  merchantReference: EXAMPLE_MERCHANT_REFERENCE,
  status: 'PENDING',
  flags: [],
  amount: EXAMPLE_AMOUNT,
  currency: 'IDR',
  description: 'Order #123 at Toko Demo',
  metadata: { cartId: 'c_42' },
  terminalId: 'A01',
  qrContent: EXAMPLE_QR_CONTENT,
  expiresAt: EXAMPLE_EXPIRES_AT,
  payment: null,
  failure: null,
  doku: { partnerReferenceNo: EXAMPLE_PARTNER_REFERENCE_NO, referenceNo: EXAMPLE_REFERENCE_NO },
  createdAt: EXAMPLE_CREATED_AT,
  updatedAt: EXAMPLE_CREATED_AT,
};

/** The same order while DOKU has not answered yet. */
export const EXAMPLE_CREATING_ORDER: OrderView = {
  ...EXAMPLE_PENDING_ORDER,
  status: 'CREATING',
  qrContent: null,
  doku: { partnerReferenceNo: EXAMPLE_PARTNER_REFERENCE_NO, referenceNo: null },
};

/** The same order once paid. */
export const EXAMPLE_PAID_ORDER: OrderView = {
  ...EXAMPLE_PENDING_ORDER,
  status: 'PAID',
  payment: {
    paidAt: EXAMPLE_PAID_AT,
    paidAmount: EXAMPLE_AMOUNT,
    approvalCode: '482913',
    issuerId: '93600014',
    issuerName: 'BCA',
    customerName: 'JOHN DOE',
  },
  updatedAt: EXAMPLE_UPDATED_AT,
};

/** The order as it FAILED, with why. */
export function exampleFailedOrder(code: string, message: string | null): OrderView {
  return {
    ...EXAMPLE_CREATING_ORDER,
    status: 'FAILED',
    failure: { code, message },
    updatedAt: EXAMPLE_UPDATED_AT,
  };
}

export const EXAMPLE_REFUND: RefundView = {
  id: EXAMPLE_REFUND_ID,
  orderId: EXAMPLE_ORDER_ID,
  status: 'SUCCEEDED',
  amount: 500000,
  currency: 'IDR',
  reason: 'Customer returned one item',
  actor: 'alice',
  doku: { partnerRefundNo: EXAMPLE_REFUND_ID, refundNo: 'QRISR0001' },
  failure: null,
  unknown: null,
  attempts: 1,
  nextAttemptAt: null,
  refundedAt: EXAMPLE_REFUNDED_AT,
  createdAt: '2026-03-03T02:40:10.904Z',
  updatedAt: '2026-03-03T02:40:12.377Z',
};

export const EXAMPLE_PAYMENT: QrisPaymentView = {
  id: EXAMPLE_PAYMENT_ID,
  status: 'SUCCEEDED',
  amount: EXAMPLE_AMOUNT,
  feeAmount: 0,
  currency: 'IDR',
  merchantName: 'Toko Demo',
  qrContent: EXAMPLE_QR_CONTENT,
  approvalCode: '482913',
  doku: { partnerReferenceNo: EXAMPLE_PARTNER_REFERENCE_NO, referenceNo: EXAMPLE_REFERENCE_NO },
  failure: null,
  createdAt: '2026-03-02T10:05:11.402Z',
  updatedAt: '2026-03-02T10:05:12.968Z',
  completedAt: '2026-03-02T10:05:12.968Z',
};

/** The payment as it FAILED, with why. */
export function exampleFailedPayment(code: string, message: string | null): QrisPaymentView {
  return {
    ...EXAMPLE_PAYMENT,
    status: 'FAILED',
    approvalCode: null,
    failure: { code, message },
    completedAt: '2026-03-02T10:05:12.968Z',
  };
}
