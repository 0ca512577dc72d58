// Our inputs -> wire request bodies. Pure; a bad input is a programmer error and throws
// (with the field's name, never its value). We send strings everywhere DOKU documents a
// string, even where its samples show numbers: exact in what we send.
import { toSnapAmount } from '../money.js';
import { formatSnapTimestamp } from '../timestamp.js';
import type {
  CancelQrInput,
  CustomerTokenGrant,
  DecodeQrInput,
  GenerateQrInput,
  PaymentQrInput,
  QueryQrInput,
  RefundQrInput,
} from '../model.js';
import type {
  WireB2b2cTokenRequest,
  WireB2bTokenRequest,
  WireCancelRequest,
  WireDecodeRequest,
  WireGenerateRequest,
  WirePaymentRequest,
  WireQueryRequest,
  WireRefundRequest,
} from '../wire/types.js';

function text(name: string, value: unknown, max = 64): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw new TypeError(`${name} must be a non-empty string of at most ${max} characters`);
  }
  return value;
}

function date(name: string, value: unknown): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new TypeError(`${name} must be a valid Date`);
  }
  return value;
}

function withInfo<T extends object>(body: T, info: Record<string, unknown> | undefined): T {
  return info && Object.keys(info).length > 0 ? { ...body, additionalInfo: info } : body;
}

export function toB2bTokenRequest(): WireB2bTokenRequest {
  return { grantType: 'client_credentials' };
}

export function toB2b2cTokenRequest(grant: CustomerTokenGrant): WireB2b2cTokenRequest {
  if ('authCode' in grant) {
    return { grantType: 'authorization_code', authCode: text('authCode', grant.authCode, 2048) };
  }
  if ('refreshToken' in grant) {
    return {
      grantType: 'refresh_token',
      refreshToken: text('refreshToken', grant.refreshToken, 2048),
    };
  }
  throw new TypeError('a customer token grant needs authCode or refreshToken');
}

export function toGenerateRequest(input: GenerateQrInput, merchantId: string): WireGenerateRequest {
  if (typeof input.terminalId !== 'string' || !/^[A-Za-z0-9]{3,16}$/.test(input.terminalId)) {
    throw new TypeError('terminalId must be 3 to 16 alphanumeric characters');
  }
  const body: WireGenerateRequest = {
    partnerReferenceNo: text('partnerReferenceNo', input.partnerReferenceNo),
    amount: toSnapAmount(input.amountMinor, input.currency),
    ...(input.feeAmountMinor !== undefined
      ? { feeAmount: toSnapAmount(input.feeAmountMinor, input.currency) }
      : {}),
    merchantId,
    terminalId: input.terminalId,
    validityPeriod: formatSnapTimestamp(date('validUntil', input.validUntil)),
  };
  return withInfo(body, input.additionalInfo);
}

export function toQueryRequest(input: QueryQrInput, merchantId: string): WireQueryRequest {
  const body: WireQueryRequest = {
    ...(input.originalReferenceNo !== undefined
      ? { originalReferenceNo: text('originalReferenceNo', input.originalReferenceNo) }
      : {}),
    originalPartnerReferenceNo: text(
      'originalPartnerReferenceNo',
      input.originalPartnerReferenceNo,
    ),
    serviceCode: '51',
    merchantId,
  };
  return withInfo(body, input.additionalInfo);
}

export function toRefundRequest(input: RefundQrInput, merchantId: string): WireRefundRequest {
  if (input.refundAmountMinor <= 0) throw new RangeError('refundAmountMinor must be positive');
  const body: WireRefundRequest = {
    merchantId,
    originalPartnerReferenceNo: text(
      'originalPartnerReferenceNo',
      input.originalPartnerReferenceNo,
    ),
    ...(input.originalReferenceNo !== undefined
      ? { originalReferenceNo: text('originalReferenceNo', input.originalReferenceNo) }
      : {}),
    partnerRefundNo: text('partnerRefundNo', input.partnerRefundNo),
    refundAmount: toSnapAmount(input.refundAmountMinor, input.currency),
    reason: text('reason', input.reason, 256),
  };
  return withInfo(body, input.additionalInfo);
}

export function toDecodeRequest(input: DecodeQrInput): WireDecodeRequest {
  const body: WireDecodeRequest = {
    partnerReferenceNo: text('partnerReferenceNo', input.partnerReferenceNo),
    qrContent: text('qrContent', input.qrContent, 512),
    scanTime: formatSnapTimestamp(date('scanTime', input.scanTime)),
  };
  return withInfo(body, input.additionalInfo);
}

export function toCancelRequest(input: CancelQrInput, merchantId: string): WireCancelRequest {
  const body: WireCancelRequest = {
    originalPartnerReferenceNo: text(
      'originalPartnerReferenceNo',
      input.originalPartnerReferenceNo,
    ),
    ...(input.originalReferenceNo !== undefined
      ? { originalReferenceNo: text('originalReferenceNo', input.originalReferenceNo) }
      : {}),
    merchantId,
    ...(input.reason !== undefined ? { reason: text('reason', input.reason, 256) } : {}),
  };
  return withInfo(body, input.additionalInfo);
}

export function toPaymentRequest(input: PaymentQrInput): WirePaymentRequest {
  return {
    partnerReferenceNo: text('partnerReferenceNo', input.partnerReferenceNo),
    amount: toSnapAmount(input.amountMinor, input.currency),
    ...(input.feeAmountMinor !== undefined
      ? { feeAmount: toSnapAmount(input.feeAmountMinor, input.currency) }
      : {}),
    additionalInfo: {
      ...input.additionalInfo,
      qrContent: text('qrContent', input.qrContent, 512),
    },
  };
}
