// Wire response bodies -> our types. Tolerant in form (numbers for strings, padded names),
// strict in substance: a success must carry what a success means (a QR has a qrContent, a
// refund an amount), and ids DOKU echoes must be the ones we sent. Anything less is not a
// success (the client turns it into `unknown`).
import type {
  B2bAccessToken,
  CancelledQr,
  CustomerToken,
  DecodedQr,
  GeneratedQr,
  QrPayment,
  QrRefund,
  QrStatus,
  QrTransactionStatus,
} from '../model.js';
import { FieldReader, type JsonObject, type ParseResult } from './fields.js';

export type ResponseParser<T> = (body: JsonObject) => ParseResult<T>;

/** `latestTransactionStatus` code -> name; unrecognised codes are `pending`, never failed. */
export function toTransactionStatus(code: string): QrTransactionStatus {
  switch (code) {
    case '00':
      return 'success';
    case '01':
      return 'initiated';
    case '02':
      return 'paying';
    case '03':
      return 'pending';
    case '04':
      return 'refunded';
    case '05':
      return 'canceled';
    case '06':
      return 'failed';
    case '07':
      return 'not_found';
    case '08':
      return 'expired';
    default:
      return 'pending';
  }
}

/** Rough shape of an EMVCo QRIS payload: starts with `000201`, ends with the CRC tag. */
export function looksLikeQris(value: string): boolean {
  return /^000201/.test(value) && /6304[0-9A-F]{4}$/i.test(value) && value.length <= 512;
}

function echo(
  r: FieldReader,
  key: string,
  got: string | null,
  sent: string | undefined,
): ParseResult<never> | null {
  if (r.problem !== null || got === null || sent === undefined || got === sent) return null;
  return { ok: false, problem: `${key} does not match the request`, inconsistent: true };
}

export function parseB2bTokenResponse(body: JsonObject): ParseResult<B2bAccessToken> {
  const r = new FieldReader(body);
  const accessToken = r.reqString('accessToken');
  const tokenType = r.optString('tokenType') ?? 'Bearer';
  if (r.problem === null && tokenType.toLowerCase() !== 'bearer') {
    return { ok: false, problem: 'tokenType is not Bearer' };
  }
  const expiresIn = r.reqString('expiresIn', { trim: true });
  const seconds = Number(expiresIn);
  if (r.problem === null && (!/^\d+(\.\d+)?$/.test(expiresIn) || seconds <= 0)) {
    return { ok: false, problem: 'expiresIn is not a positive number of seconds' };
  }
  return r.result({ accessToken, tokenType, expiresInSeconds: seconds });
}

export function parseCustomerTokenResponse(
  body: JsonObject,
  nowMs: number,
): ParseResult<CustomerToken> {
  const r = new FieldReader(body);
  const accessToken = r.reqString('accessToken');
  const tokenType = r.optString('tokenType') ?? 'Bearer';
  let accessTokenExpiresAt = r.optTimestamp('accessTokenExpiryTime');
  const expiresIn = r.optString('expiresIn', { trim: true });
  if (accessTokenExpiresAt === null && expiresIn !== null && /^\d+$/.test(expiresIn)) {
    accessTokenExpiresAt = new Date(nowMs + Number(expiresIn) * 1000);
  }
  const refreshToken = r.optString('refreshToken');
  const refreshTokenExpiresAt = r.optTimestamp('refreshTokenExpiryTime');
  return r.result({
    accessToken,
    tokenType,
    accessTokenExpiresAt,
    refreshToken: refreshToken === '' ? null : refreshToken,
    refreshTokenExpiresAt,
  });
}

export function parseGenerateResponse(
  body: JsonObject,
  sent: { partnerReferenceNo?: string } = {},
): ParseResult<GeneratedQr> {
  const r = new FieldReader(body);
  const referenceNo = r.reqString('referenceNo');
  const partnerReferenceNo = r.optString('partnerReferenceNo');
  const qrContent = r.reqString('qrContent');
  if (r.problem === null && !looksLikeQris(qrContent)) {
    return { ok: false, problem: 'qrContent is not a QRIS payload' };
  }
  const terminalId = r.optString('terminalId', { trim: true });
  const info = r.nested('additionalInfo');
  const validUntil = info.optTimestamp('validityPeriod');
  return (
    echo(r, 'partnerReferenceNo', partnerReferenceNo, sent.partnerReferenceNo) ??
    r.result({
      referenceNo,
      partnerReferenceNo: partnerReferenceNo ?? sent.partnerReferenceNo ?? referenceNo,
      qrContent,
      terminalId,
      validUntil,
      additionalInfo: r.object('additionalInfo'),
    })
  );
}

export function parseQueryResponse(
  body: JsonObject,
  sent: { originalPartnerReferenceNo?: string; originalReferenceNo?: string } = {},
): ParseResult<QrStatus> {
  const r = new FieldReader(body);
  const originalReferenceNo = r.optString('originalReferenceNo');
  const originalPartnerReferenceNo = r.optString('originalPartnerReferenceNo');
  const statusCode = r.reqTwoDigits('latestTransactionStatus');
  const statusDescription = r.optString('transactionStatusDesc');
  const paidAt = r.optTimestamp('paidTime');
  const amount = r.optAmount('amount');
  const feeAmount = r.optAmount('feeAmount');
  const info = r.nested('additionalInfo');
  const value: QrStatus = {
    originalReferenceNo,
    originalPartnerReferenceNo,
    status: toTransactionStatus(statusCode),
    statusCode,
    statusDescription,
    paidAt,
    amount,
    feeAmount,
    approvalCode: info.optString('approvalCode', { trim: true }),
    issuerId: info.optString('issuerId', { trim: true }),
    issuerName: info.optString('issuerName', { trim: true }),
    customerName: info.optString('customerName', { trim: true }),
    terminalId: info.optString('terminalId', { trim: true }),
    additionalInfo: r.object('additionalInfo'),
  };
  return (
    echo(
      r,
      'originalPartnerReferenceNo',
      originalPartnerReferenceNo,
      sent.originalPartnerReferenceNo,
    ) ??
    echo(r, 'originalReferenceNo', originalReferenceNo, sent.originalReferenceNo) ??
    r.result(value)
  );
}

export function parseRefundResponse(
  body: JsonObject,
  sent: { partnerRefundNo?: string } = {},
): ParseResult<QrRefund> {
  const r = new FieldReader(body);
  const partnerRefundNo = r.reqString('partnerRefundNo');
  const value: QrRefund = {
    originalReferenceNo: r.optString('originalReferenceNo'),
    originalPartnerReferenceNo: r.optString('originalPartnerReferenceNo'),
    refundNo: r.optString('refundNo'),
    partnerRefundNo,
    refundAmount: r.reqAmount('refundAmount'),
    refundedAt: r.optTimestamp('refundTime'),
    additionalInfo: r.object('additionalInfo'),
  };
  return echo(r, 'partnerRefundNo', partnerRefundNo, sent.partnerRefundNo) ?? r.result(value);
}

export function parseDecodeResponse(body: JsonObject): ParseResult<DecodedQr> {
  const r = new FieldReader(body);
  const info = r.nested('additionalInfo');
  return r.result({
    referenceNo: r.optString('referenceNo'),
    partnerReferenceNo: r.optString('partnerReferenceNo'),
    merchantName: r.reqString('merchantName', { trim: true }),
    transactionAmount: r.optAmount('transactionAmount'),
    feeAmount: r.optAmount('feeAmount'),
    pointOfInitiationMethod: info.optString('pointOfInitiationMethod', { trim: true }),
    feeType: info.optString('feeType', { trim: true }),
    feeTypeDescription: info.optString('feeTypeDescription'),
    additionalInfo: r.object('additionalInfo'),
  });
}

export function parseCancelResponse(
  body: JsonObject,
  sent: { originalPartnerReferenceNo?: string } = {},
): ParseResult<CancelledQr> {
  const r = new FieldReader(body);
  const originalPartnerReferenceNo = r.optString('originalPartnerReferenceNo');
  const value: CancelledQr = {
    originalReferenceNo: r.optString('originalReferenceNo'),
    originalPartnerReferenceNo,
    cancelledAt: r.optTimestamp('cancelTime'),
    additionalInfo: r.object('additionalInfo'),
  };
  return (
    echo(
      r,
      'originalPartnerReferenceNo',
      originalPartnerReferenceNo,
      sent.originalPartnerReferenceNo,
    ) ?? r.result(value)
  );
}

export function parsePaymentResponse(
  body: JsonObject,
  sent: { partnerReferenceNo?: string } = {},
): ParseResult<QrPayment> {
  const r = new FieldReader(body);
  const partnerReferenceNo = r.optString('partnerReferenceNo');
  const info = r.nested('additionalInfo');
  const value: QrPayment = {
    referenceNo: r.optString('referenceNo'),
    partnerReferenceNo,
    amount: r.optAmount('amount'),
    feeAmount: r.optAmount('feeAmount'),
    approvalCode: info.optString('approvalCode', { trim: true }),
    additionalInfo: r.object('additionalInfo'),
  };
  return (
    echo(r, 'partnerReferenceNo', partnerReferenceNo, sent.partnerReferenceNo) ?? r.result(value)
  );
}
