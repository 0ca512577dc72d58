// The body of the simulator's pay endpoint: everything optional, validated with messages a
// person can act on.
import { parseSnapValue } from '#doku-snap';
import { INVALID_JSON } from '../snap/raw-json.body-parser.js';
import type { PayInput } from './payment.service.js';

export class PayRequestError extends Error {}

export interface PayRequestBody {
  /** What the customer pays, as SNAP writes it ("1200.00") or a number of rupiah; default the QR's amount. */
  amount?: string | number;
  /** Or in minor units. */
  amountMinor?: number;
  /** The tip a customer types when the QR prompts for one (fee type 1). */
  tip?: string | number;
  /** Issuer name (BCA, MANDIRI, GOPAY, OVO, DANA, ...) */
  issuer?: string;
  issuerId?: string;
  customerName?: string;
  force?: boolean;
}

export function parsePayRequest(body: unknown): Omit<PayInput, 'channel'> {
  if (body === undefined || body === null) return {};
  if (body === INVALID_JSON || typeof body !== 'object' || Array.isArray(body))
    throw new PayRequestError('the body must be a JSON object');
  const b = body as Record<string, unknown>;
  const input: Omit<PayInput, 'channel'> = {};
  if (b.amount !== undefined) {
    const minor = parseSnapValue(b.amount);
    if (minor === null)
      throw new PayRequestError(
        'amount must be a SNAP value such as "1200.00" or a number of rupiah',
      );
    input.amountMinor = minor;
  }
  if (b.amountMinor !== undefined) {
    if (
      typeof b.amountMinor !== 'number' ||
      !Number.isSafeInteger(b.amountMinor) ||
      b.amountMinor < 0
    ) {
      throw new PayRequestError('amountMinor must be a non-negative integer');
    }
    input.amountMinor = b.amountMinor;
  }
  if (b.tip !== undefined) {
    const minor = parseSnapValue(b.tip);
    if (minor === null) throw new PayRequestError('tip must be a SNAP value such as "500.00"');
    input.tipMinor = minor;
  }
  if (b.issuer !== undefined) {
    if (typeof b.issuer !== 'string' || !/^[A-Za-z0-9 ]{1,20}$/.test(b.issuer))
      throw new PayRequestError('issuer must be a name such as BCA or GOPAY');
    input.issuerName = b.issuer;
  }
  if (b.issuerId !== undefined) {
    if (typeof b.issuerId !== 'string' || !/^\d{8}$/.test(b.issuerId))
      throw new PayRequestError('issuerId must be an 8-digit NNS');
    input.issuerId = b.issuerId;
  }
  if (b.customerName !== undefined) {
    if (
      typeof b.customerName !== 'string' ||
      b.customerName.length === 0 ||
      b.customerName.length > 64
    ) {
      throw new PayRequestError('customerName must be 1-64 characters');
    }
    input.customerName = b.customerName;
  }
  if (b.force !== undefined) {
    if (typeof b.force !== 'boolean') throw new PayRequestError('force must be a boolean');
    input.force = b.force;
  }
  return input;
}
