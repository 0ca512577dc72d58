// Our side of the boundary: integer minor units, Dates, names that say what things are.
// The wire side is in wire/types.ts; mappers/ translate between the two.
import type { Money } from './mappers/fields.js';

export type { Money };
export type AdditionalInfo = Record<string, unknown>;

/** `latestTransactionStatus` 00..08, by name. Unrecognised codes read as `pending`. */
export type QrTransactionStatus =
  | 'success'
  | 'initiated'
  | 'paying'
  | 'pending'
  | 'refunded'
  | 'canceled'
  | 'failed'
  | 'not_found'
  | 'expired';

// --- tokens --------------------------------------------------------------------------

export interface B2bAccessToken {
  accessToken: string;
  tokenType: string;
  /** Lifetime DOKU granted, in seconds (from `expiresIn`, a string or a number). */
  expiresInSeconds: number;
}

export type CustomerTokenGrant = { authCode: string } | { refreshToken: string };

export interface CustomerToken {
  accessToken: string;
  tokenType: string;
  accessTokenExpiresAt: Date | null;
  refreshToken: string | null;
  refreshTokenExpiresAt: Date | null;
}

// --- generate ------------------------------------------------------------------------

export interface GenerateQrInput {
  /** Our order id, unique per merchant (a repeat is 409xx01). */
  partnerReferenceNo: string;
  amountMinor: number;
  currency?: string;
  feeAmountMinor?: number;
  /** 3–16 alphanumerics. */
  terminalId: string;
  /** When the QR stops being payable. Always sent: DOKU's default of 30 days is too long. */
  validUntil: Date;
  additionalInfo?: AdditionalInfo;
}

export interface GeneratedQr {
  referenceNo: string;
  partnerReferenceNo: string;
  qrContent: string;
  terminalId: string | null;
  validUntil: Date | null;
  additionalInfo: AdditionalInfo;
}

// --- query ---------------------------------------------------------------------------

export interface QueryQrInput {
  originalPartnerReferenceNo: string;
  originalReferenceNo?: string;
  additionalInfo?: AdditionalInfo;
}

export interface QrStatus {
  originalReferenceNo: string | null;
  originalPartnerReferenceNo: string | null;
  status: QrTransactionStatus;
  /** The two-digit code as DOKU sent it (kept when `status` fell back to `pending`). */
  statusCode: string;
  statusDescription: string | null;
  paidAt: Date | null;
  amount: Money | null;
  feeAmount: Money | null;
  approvalCode: string | null;
  issuerId: string | null;
  issuerName: string | null;
  /** Trimmed: DOKU pads it with spaces. */
  customerName: string | null;
  terminalId: string | null;
  additionalInfo: AdditionalInfo;
}

// --- refund --------------------------------------------------------------------------

export interface RefundQrInput {
  originalPartnerReferenceNo: string;
  originalReferenceNo?: string;
  /** Our refund id; the same number again is the same refund (idempotent at DOKU). */
  partnerRefundNo: string;
  refundAmountMinor: number;
  currency?: string;
  reason: string;
  additionalInfo?: AdditionalInfo;
}

export interface QrRefund {
  originalReferenceNo: string | null;
  originalPartnerReferenceNo: string | null;
  refundNo: string | null;
  partnerRefundNo: string;
  refundAmount: Money;
  refundedAt: Date | null;
  additionalInfo: AdditionalInfo;
}

// --- decode --------------------------------------------------------------------------

export interface DecodeQrInput {
  partnerReferenceNo: string;
  qrContent: string;
  scanTime: Date;
  additionalInfo?: AdditionalInfo;
}

export interface DecodedQr {
  referenceNo: string | null;
  partnerReferenceNo: string | null;
  merchantName: string;
  transactionAmount: Money | null;
  feeAmount: Money | null;
  /** `11` static, `12` dynamic. */
  pointOfInitiationMethod: string | null;
  feeType: string | null;
  feeTypeDescription: string | null;
  additionalInfo: AdditionalInfo;
}

// --- cancel --------------------------------------------------------------------------

export interface CancelQrInput {
  originalPartnerReferenceNo: string;
  originalReferenceNo?: string;
  reason?: string;
  additionalInfo?: AdditionalInfo;
}

export interface CancelledQr {
  originalReferenceNo: string | null;
  originalPartnerReferenceNo: string | null;
  cancelledAt: Date | null;
  additionalInfo: AdditionalInfo;
}

// --- payment (B2B2C) -----------------------------------------------------------------

export interface PaymentQrInput {
  partnerReferenceNo: string;
  amountMinor: number;
  currency?: string;
  feeAmountMinor?: number;
  qrContent: string;
  /** The customer's B2B2C access token (`Authorization-Customer: Bearer ...`). */
  customerToken: string;
  additionalInfo?: AdditionalInfo;
}

export interface QrPayment {
  referenceNo: string | null;
  partnerReferenceNo: string | null;
  amount: Money | null;
  feeAmount: Money | null;
  approvalCode: string | null;
  additionalInfo: AdditionalInfo;
}

// --- notification (DOKU -> us) -------------------------------------------------------

export interface QrNotification {
  originalReferenceNo: string | null;
  originalPartnerReferenceNo: string;
  status: QrTransactionStatus;
  statusCode: string;
  statusDescription: string | null;
  amount: Money | null;
  feeAmount: Money | null;
  paidAt: Date | null;
  approvalCode: string | null;
  issuerId: string | null;
  issuerName: string | null;
  customerName: string | null;
  additionalInfo: AdditionalInfo;
}
