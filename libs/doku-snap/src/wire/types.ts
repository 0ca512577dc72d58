// What travels on the wire, field for field as DOKU documents it (the seed page and SNAP).
// Request types are what we send (strings, exact); response types are what we accept
// (numbers where DOKU's samples show numbers). Nothing here is trusted until a parser in
// ../mappers/ has validated it.

/** `{"value":"10000.00","currency":"IDR"}` as we send it. */
export interface WireAmount {
  value: string;
  currency: string;
}

/** An amount as DOKU may send it: the value as a string or a number. */
export interface WireAmountIn {
  value: string | number;
  currency: string;
}

export type WireAdditionalInfo = Record<string, unknown>;

/** Fields every SNAP response carries. `responseCode` arrives as a string or a number. */
export interface WireResponseBase {
  responseCode: string | number;
  responseMessage?: string;
}

// --- access tokens -------------------------------------------------------------------

export interface WireB2bTokenRequest {
  grantType: 'client_credentials';
  additionalInfo?: WireAdditionalInfo;
}

export interface WireB2bTokenResponse extends WireResponseBase {
  accessToken: string;
  tokenType?: string;
  expiresIn: string | number;
  additionalInfo?: WireAdditionalInfo;
}

export type WireB2b2cTokenRequest =
  | { grantType: 'authorization_code'; authCode: string; additionalInfo?: WireAdditionalInfo }
  | { grantType: 'refresh_token'; refreshToken: string; additionalInfo?: WireAdditionalInfo };

export interface WireB2b2cTokenResponse extends WireResponseBase {
  accessToken: string;
  tokenType?: string;
  accessTokenExpiryTime?: string;
  expiresIn?: string | number;
  refreshToken?: string;
  refreshTokenExpiryTime?: string;
  additionalInfo?: WireAdditionalInfo;
}

// --- qr-mpm-generate (47) ------------------------------------------------------------

export interface WireGenerateRequest {
  partnerReferenceNo: string;
  amount: WireAmount;
  feeAmount?: WireAmount;
  merchantId: string;
  terminalId: string;
  validityPeriod?: string;
  additionalInfo?: WireAdditionalInfo;
}

export interface WireGenerateResponse extends WireResponseBase {
  referenceNo: string;
  partnerReferenceNo: string;
  qrContent: string;
  terminalId?: string;
  additionalInfo?: WireAdditionalInfo & { validityPeriod?: string };
}

// --- qr-mpm-query (51) ---------------------------------------------------------------

export interface WireQueryRequest {
  originalReferenceNo?: string;
  originalPartnerReferenceNo: string;
  serviceCode: '51';
  merchantId: string;
  additionalInfo?: WireAdditionalInfo;
}

export interface WireQueryResponse extends WireResponseBase {
  originalReferenceNo?: string;
  originalPartnerReferenceNo?: string;
  serviceCode?: string | number;
  latestTransactionStatus: string | number;
  transactionStatusDesc?: string;
  paidTime?: string;
  amount?: WireAmountIn;
  feeAmount?: WireAmountIn;
  additionalInfo?: WireAdditionalInfo & {
    approvalCode?: string | number;
    convenienceFee?: string;
    issuerId?: string | number;
    issuerName?: string;
    terminalId?: string;
    customerName?: string;
  };
}

// --- qr-mpm-refund (78) --------------------------------------------------------------

export interface WireRefundRequest {
  merchantId: string;
  originalPartnerReferenceNo: string;
  originalReferenceNo?: string;
  partnerRefundNo: string;
  refundAmount: WireAmount;
  reason: string;
  additionalInfo?: WireAdditionalInfo;
}

export interface WireRefundResponse extends WireResponseBase {
  originalReferenceNo?: string;
  originalPartnerReferenceNo?: string;
  refundNo?: string;
  partnerRefundNo: string;
  refundAmount: WireAmountIn;
  refundTime?: string;
  additionalInfo?: WireAdditionalInfo;
}

// --- qr-mpm-decode (48) --------------------------------------------------------------

export interface WireDecodeRequest {
  partnerReferenceNo: string;
  qrContent: string;
  scanTime: string;
  additionalInfo?: WireAdditionalInfo;
}

export interface WireDecodeResponse extends WireResponseBase {
  referenceNo?: string;
  partnerReferenceNo?: string;
  merchantName: string;
  transactionAmount?: WireAmountIn;
  feeAmount?: WireAmountIn;
  additionalInfo?: WireAdditionalInfo & {
    pointOfInitiationMethod?: string | number;
    pointOfInitiationMethodDescription?: string;
    feeType?: string | number;
    feeTypeDescription?: string;
  };
}

// --- qr-mpm-cancel (77): not on DOKU's QRIS page; the SNAP standard's shape ----------

export interface WireCancelRequest {
  originalPartnerReferenceNo: string;
  originalReferenceNo?: string;
  merchantId: string;
  reason?: string;
  additionalInfo?: WireAdditionalInfo;
}

export interface WireCancelResponse extends WireResponseBase {
  originalReferenceNo?: string;
  originalPartnerReferenceNo?: string;
  cancelTime?: string;
  transactionDate?: string;
  additionalInfo?: WireAdditionalInfo;
}

// --- qr-mpm-payment (50, B2B2C) -------------------------------------------------------

export interface WirePaymentRequest {
  partnerReferenceNo: string;
  amount: WireAmount;
  feeAmount?: WireAmount;
  additionalInfo: WireAdditionalInfo & { qrContent: string };
}

export interface WirePaymentResponse extends WireResponseBase {
  referenceNo?: string;
  partnerReferenceNo?: string;
  amount?: WireAmountIn;
  feeAmount?: WireAmountIn;
  additionalInfo?: WireAdditionalInfo & { approvalCode?: string | number };
}

// --- qr-mpm-notify (52, DOKU -> merchant) ---------------------------------------------

export interface WireNotification {
  originalReferenceNo?: string;
  originalPartnerReferenceNo: string;
  latestTransactionStatus: string | number;
  transactionStatusDesc?: string;
  amount?: WireAmountIn;
  feeAmount?: WireAmountIn;
  paidTime?: string;
  additionalInfo?: WireAdditionalInfo & {
    approvalCode?: string | number;
    issuerId?: string | number;
    issuerName?: string;
    customerName?: string;
  };
}

export interface WireNotificationAck {
  responseCode: string;
  responseMessage: string;
}
