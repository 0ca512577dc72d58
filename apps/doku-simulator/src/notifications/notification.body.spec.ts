import type { QrTransaction } from '../payments/domain/qr-transaction.js';
import { notificationBody } from './notification.body.js';

const NOW = Date.parse('2026-01-01T05:00:00Z');
const tx: QrTransaction = {
  referenceNo: 'REF',
  partnerReferenceNo: 'ORD-1',
  clientId: 'c',
  merchantId: '2115',
  terminalId: 'A01',
  amountMinor: 120_000,
  fee: { type: 2, minor: 50_000 },
  qrContent: 'q',
  createdAt: new Date(NOW - 60_000),
  validUntil: new Date(NOW + 60_000),
  validityPeriod: '',
  status: 'paid',
  payment: {
    paidAt: new Date(NOW),
    amountMinor: 120_000,
    feeMinor: 50_000,
    approvalCode: '328591',
    issuerId: '93600014',
    issuerName: 'BCA',
    customerName: 'JOHN DOE',
    channel: 'simulator',
    late: null,
  },
  refunds: [],
  queryCount: 0,
  calls: [],
  notifications: [],
};

describe('qr-mpm-notify body', () => {
  it('carries the SNAP fields, amounts as SNAP strings, and what happened', () => {
    expect(JSON.parse(notificationBody(tx, 'payment', NOW))).toEqual({
      originalReferenceNo: 'REF',
      originalPartnerReferenceNo: 'ORD-1',
      latestTransactionStatus: '00',
      transactionStatusDesc: 'Success',
      amount: { value: '1200.00', currency: 'IDR' },
      paidTime: '2026-01-01T12:00:00+07:00',
      feeAmount: { value: '500.00', currency: 'IDR' },
      additionalInfo: {
        event: 'PAYMENT',
        merchantId: '2115',
        terminalId: 'A01',
        approvalCode: '328591',
        issuerId: '93600014',
        issuerName: 'BCA',
        customerName: 'JOHN DOE',
      },
    });
  });

  it('describes a refund and the total refunded so far', () => {
    const refund = {
      refundNo: 'QRISR1',
      partnerRefundNo: 'RF1',
      amountMinor: 20_000,
      reason: 'x',
      refundedAt: new Date(NOW),
    };
    const body = JSON.parse(notificationBody({ ...tx, refunds: [refund] }, 'refund', NOW, refund));
    expect(body.additionalInfo).toMatchObject({
      event: 'REFUND',
      refund: {
        refundNo: 'QRISR1',
        partnerRefundNo: 'RF1',
        refundAmount: { value: '200.00', currency: 'IDR' },
      },
      refundedAmount: { value: '200.00', currency: 'IDR' },
    });
  });
});
