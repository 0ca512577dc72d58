// DOKU -> merchant `qr-mpm-notify`: reading the body, checking its signature over the raw
// bytes (never a re-serialised body), and the acknowledgement DOKU expects.
import { verifyAsymmetric, verifySymmetric } from '../signature.js';
import { isTimestampWithinWindow, parseSnapTimestamp } from '../timestamp.js';
import type { QrNotification } from '../model.js';
import type { WireNotificationAck } from '../wire/types.js';
import { FieldReader, isJsonObject, type ParseResult } from './fields.js';
import { toTransactionStatus } from './responses.js';

/** Parses a notification from its raw body (or an already parsed object). */
export function parseQrNotification(raw: string | Buffer | unknown): ParseResult<QrNotification> {
  let body: unknown = raw;
  if (typeof raw === 'string' || Buffer.isBuffer(raw)) {
    try {
      body = JSON.parse(raw.toString());
    } catch {
      return { ok: false, problem: 'body is not JSON' };
    }
  }
  if (!isJsonObject(body)) return { ok: false, problem: 'body is not a JSON object' };
  const r = new FieldReader(body);
  const statusCode = r.reqTwoDigits('latestTransactionStatus');
  const info = r.nested('additionalInfo');
  return r.result({
    originalReferenceNo: r.optString('originalReferenceNo'),
    originalPartnerReferenceNo: r.reqString('originalPartnerReferenceNo'),
    status: toTransactionStatus(statusCode),
    statusCode,
    statusDescription: r.optString('transactionStatusDesc'),
    amount: r.optAmount('amount'),
    feeAmount: r.optAmount('feeAmount'),
    paidAt: r.optTimestamp('paidTime'),
    approvalCode: info.optString('approvalCode', { trim: true }),
    issuerId: info.optString('issuerId', { trim: true }),
    issuerName: info.optString('issuerName', { trim: true }),
    customerName: info.optString('customerName', { trim: true }),
    additionalInfo: r.object('additionalInfo'),
  });
}

/** The body DOKU expects back (with HTTP 200) once a notification is accepted. */
export function notificationAck(): WireNotificationAck {
  return { responseCode: '2005200', responseMessage: 'Successful' };
}

export type NotificationSignatureMode =
  /** SNAP default: SHA256withRSA by DOKU's private key, checked with its public key(s). */
  | { kind: 'asymmetric'; publicKeyPems: string | readonly string[] }
  /**
   * Token-then-HMAC: DOKU first fetched a token from us, then signs with HMAC-SHA512.
   * `isIssuedToken` says whether the bearer token is one we issued and is still valid.
   */
  | { kind: 'symmetric'; clientSecret: string; isIssuedToken: (token: string) => boolean };

export type NotificationVerdict =
  | { ok: true; timestamp: Date }
  | {
      ok: false;
      reason: 'missing_header' | 'timestamp_out_of_window' | 'bad_token' | 'bad_signature';
    };

function header(headers: Record<string, string | string[] | undefined>, name: string) {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** Checks X-TIMESTAMP (±windowMs, default 5 min) and X-SIGNATURE of an incoming notification. */
export function verifyNotificationRequest(input: {
  method: string;
  /** The path DOKU posted to, e.g. `/v1.0/qr/qr-mpm-notify`. */
  path: string;
  rawBody: string | Buffer;
  headers: Record<string, string | string[] | undefined>;
  now: Date;
  windowMs?: number;
  mode: NotificationSignatureMode;
}): NotificationVerdict {
  const timestamp = header(input.headers, 'x-timestamp');
  const signature = header(input.headers, 'x-signature');
  if (!timestamp || !signature) return { ok: false, reason: 'missing_header' };
  if (!isTimestampWithinWindow(timestamp, input.now, input.windowMs)) {
    return { ok: false, reason: 'timestamp_out_of_window' };
  }
  const base = { method: input.method, path: input.path, body: input.rawBody, timestamp };
  let valid: boolean;
  if (input.mode.kind === 'asymmetric') {
    valid = verifyAsymmetric({ ...base, publicKeyPems: input.mode.publicKeyPems, signature });
  } else {
    const auth = header(input.headers, 'authorization') ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
    if (!token || !input.mode.isIssuedToken(token)) return { ok: false, reason: 'bad_token' };
    valid = verifySymmetric({
      ...base,
      accessToken: token,
      clientSecret: input.mode.clientSecret,
      signature,
    });
  }
  if (!valid) return { ok: false, reason: 'bad_signature' };
  return { ok: true, timestamp: parseSnapTimestamp(timestamp) as Date };
}
