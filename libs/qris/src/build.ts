// buildQris: a typed description -> payload with the CRC appended. The builder writes the
// data objects and then runs the strict parser over its own output, so it can never emit
// a payload that parseQris would refuse; an invalid input throws QrisBuildError with the
// same problem codes the parser uses.

import { formatAmount } from './amount.js';
import { crc16ccitt } from './crc16.js';
import { parseQris } from './parse.js';
import { problem, QrisBuildError } from './problems.js';
import { ADDITIONAL_DATA_KEYS } from './templates.js';
import type { Qris, QrisAdditionalDataInput, QrisBuildInput, QrisTipInput } from './types.js';

/** One data object: id, two-digit length, value. Throws when the value cannot fit. */
export function tlv(id: string, value: string): string {
  if (value.length > 99) {
    throw new QrisBuildError(`Tag ${id} would be ${value.length} characters; at most 99 fit`, [
      problem('TAG.LENGTH', id, 0, `Tag ${id} is ${value.length} characters, at most 99 fit`),
    ]);
  }
  return id + (value.length < 10 ? '0' : '') + value.length + value;
}

/** Writes 54 for an amount in minor units; throws unless a non-negative safe integer. */
export function amountTlv(id: '54' | '56', minor: number): string {
  if (!Number.isSafeInteger(minor) || minor < 0) {
    const code = id === '54' ? 'AMOUNT.FORMAT' : 'TIP.FIXED_FORMAT';
    throw new QrisBuildError(`Amount (${id}) must be a non-negative integer of minor units`, [
      problem(
        code,
        id,
        0,
        `Amount (${id}) must be a non-negative integer of minor units, got ${minor}`,
      ),
    ]);
  }
  return tlv(id, formatAmount(minor));
}

/** Tags 55-57 for a tip or convenience fee rule. */
export function tipTlvs(tip: QrisTipInput): string {
  switch (tip.indicator) {
    case 'prompt':
      return tlv('55', '01');
    case 'fixed':
      return tlv('55', '02') + amountTlv('56', tip.minor);
    case 'percentage':
      return tlv('55', '03') + tlv('57', tip.percent);
  }
}

function optional(id: string, value: string | undefined): string {
  return value === undefined ? '' : tlv(id, value);
}

function additionalDataValue(data: QrisAdditionalDataInput): string {
  let value = '';
  for (let i = 0; i < ADDITIONAL_DATA_KEYS.length; i++) {
    const sub = i + 1;
    value += optional(sub < 10 ? `0${sub}` : `${sub}`, data[ADDITIONAL_DATA_KEYS[i]]);
  }
  for (const template of data.templates ?? []) value += tlv(template.id, template.value);
  return value;
}

/** Appends "6304" and the CRC over everything before it, including "6304". */
export function withCrc(body: string): string {
  const head = body + '6304';
  return head + crc16ccitt(head);
}

/** Builds a QRIS payload with the CRC appended; throws QrisBuildError when the result would be invalid. */
export function buildQris(input: QrisBuildInput): string {
  let body = tlv('00', '01') + tlv('01', input.initiation === 'dynamic' ? '12' : '11');
  for (const account of input.merchantAccounts) {
    body += tlv(
      account.tag,
      tlv('00', account.gui) +
        optional('01', account.pan) +
        optional('02', account.merchantId) +
        optional('03', account.criteria),
    );
  }
  body += tlv('52', input.mcc) + tlv('53', input.currency ?? '360');
  if (input.amountMinor !== undefined) body += amountTlv('54', input.amountMinor);
  if (input.tip !== undefined) body += tipTlvs(input.tip);
  body += tlv('58', input.countryCode ?? 'ID') + tlv('59', input.merchantName);
  body += tlv('60', input.merchantCity) + optional('61', input.postalCode);
  if (input.additionalData !== undefined) {
    const value = additionalDataValue(input.additionalData);
    if (value !== '') body += tlv('62', value);
  }
  if (input.language !== undefined) {
    const { preference, merchantName, merchantCity } = input.language;
    body += tlv(
      '64',
      tlv('00', preference) + tlv('01', merchantName) + optional('02', merchantCity),
    );
  }
  for (const template of input.unreserved ?? []) body += tlv(template.id, template.value);
  return checked(withCrc(body), 'buildQris');
}

/** Runs the strict parser over a payload we made; throws QrisBuildError on any error. */
export function checked(payload: string, by: string): string {
  const result = parseQris(payload);
  if (!result.ok) {
    const errors = result.problems.filter((p) => p.severity === 'error');
    throw new QrisBuildError(`${by}: ${errors.map((p) => p.message).join('; ')}`, errors);
  }
  return payload;
}

/** The build input that produces `qris` again (`buildQris(qrisToBuildInput(q))` re-creates the payload when it was built in canonical order). */
export function qrisToBuildInput(qris: Qris): QrisBuildInput {
  const input: QrisBuildInput = {
    initiation: qris.initiation,
    merchantAccounts: qris.merchantAccounts.map((a) =>
      defined({
        tag: a.tag,
        gui: a.gui,
        pan: a.pan,
        merchantId: a.merchantId,
        criteria: a.criteria,
      }),
    ),
    mcc: qris.mcc,
    currency: qris.currency,
    countryCode: qris.countryCode,
    merchantName: qris.merchantName,
    merchantCity: qris.merchantCity,
  };
  if (qris.postalCode !== undefined) input.postalCode = qris.postalCode;
  if (qris.amount !== undefined) input.amountMinor = qris.amount.minor;
  if (qris.tip !== undefined) {
    const tip = qris.tip;
    input.tip = tip.indicator === 'fixed' ? { indicator: 'fixed', minor: tip.minor } : { ...tip };
  }
  if (qris.additionalData !== undefined) {
    const { templates, ...named } = qris.additionalData;
    const data: QrisAdditionalDataInput = defined(named);
    if (templates.length > 0) data.templates = templates.map((t) => ({ id: t.id, value: t.value }));
    input.additionalData = data;
  }
  if (qris.language !== undefined) input.language = defined({ ...qris.language });
  if (qris.unreserved.length > 0) {
    input.unreserved = qris.unreserved.map((t) => ({ id: t.id, value: t.value }));
  }
  return input;
}

function defined<T extends object>(value: T): T {
  const out = {} as T;
  for (const key of Object.keys(value) as Array<keyof T>) {
    if (value[key] !== undefined) out[key] = value[key];
  }
  return out;
}
