// parseQris: one pass over the top-level data objects, reading and checking each as it
// comes, then the cross-tag rules (rules.ts). Never throws on any input: a string that is
// huge, binary or has lengths pointing past the end comes back as problems. Work is bounded
// by the input length (capped at MAX_READ), and every length is checked against its container.

import { isPercentage, isUpperLetter, readAmount } from './fields.js';
import { checkIntegrity } from './integrity.js';
import { problem } from './problems.js';
import { checkCrossTagRules } from './rules.js';
import {
  checkMaxLength,
  readAdditionalData,
  readLanguage,
  readMerchantAccount,
  readUnreserved,
} from './templates.js';
import { isDigitsRange, makeTag, TAG_IDS, twoDigits } from './tlv.js';
import type {
  Qris,
  QrisAdditionalData,
  QrisAmount,
  QrisInitiation,
  QrisLanguageTemplate,
  QrisMerchantAccount,
  QrisNetworkAccount,
  QrisParseOptions,
  QrisParseResult,
  QrisProblem,
  QrisTag,
  QrisTemplate,
  QrisTip,
} from './types.js';

/** EMVCo's limit for an MPM payload. */
export const QRIS_MAX_LENGTH = 512;
/** Beyond this we do not even read the structure (hostile input). */
const MAX_READ = 4096;

// Where each top-level id sits in `tags` for the current parse: stamped, so no reset.
const stamps = new Uint32Array(100);
const positions = new Int32Array(100);
let stamp = 0;

/** Parses and validates a QRIS payload; strict by default. Never throws. */
export function parseQris(payload: string, options?: QrisParseOptions): QrisParseResult {
  const lenient = options?.mode === 'lenient';
  if (typeof payload !== 'string') {
    return fail([
      problem('PAYLOAD.NOT_STRING', undefined, 0, `Expected a string, got ${kind(payload)}`),
    ]);
  }
  const n = payload.length;
  if (n === 0) return fail([problem('PAYLOAD.EMPTY', undefined, 0, 'The payload is empty')]);
  const problems: QrisProblem[] = [];
  if (n > QRIS_MAX_LENGTH) {
    problems.push(
      problem(
        'PAYLOAD.TOO_LONG',
        undefined,
        QRIS_MAX_LENGTH,
        `The payload is ${n} characters; EMVCo allows at most ${QRIS_MAX_LENGTH}`,
      ),
    );
    if (n > MAX_READ) return fail(problems);
  }

  if (stamp === 0xffffffff) {
    stamps.fill(0);
    stamp = 0;
  }
  const mark = ++stamp;
  const tags: QrisTag[] = [];
  const merchantAccounts: QrisMerchantAccount[] = [];
  const networkAccounts: QrisNetworkAccount[] = [];
  const unreserved: QrisTemplate[] = [];
  let formatIndicator = '';
  let initiation: QrisInitiation = 'static';
  let mcc = '';
  let currency = '';
  let countryCode = '';
  let merchantName = '';
  let merchantCity = '';
  let postalCode: string | undefined;
  let amount: QrisAmount | undefined;
  let tipIndicator = '';
  let fixedFee: QrisAmount | undefined;
  let percentFee: string | undefined;
  let additionalData: QrisAdditionalData | undefined;
  let language: QrisLanguageTemplate | undefined;
  let crcTag: QrisTag | undefined;
  let broken = false;

  let pos = 0;
  while (pos < n) {
    if (pos + 4 > n) {
      problems.push(
        problem(
          'TLV.TRUNCATED',
          undefined,
          pos,
          `The payload ends inside a data object header at offset ${pos}`,
        ),
      );
      broken = true;
      break;
    }
    const id = twoDigits(payload, pos);
    if (id < 0) {
      problems.push(
        problem(
          'TLV.ID',
          undefined,
          pos,
          `Expected a two-digit tag id at offset ${pos}, found "${payload.slice(pos, pos + 2)}"`,
        ),
      );
      broken = true;
      break;
    }
    const tagId = TAG_IDS[id];
    const length = twoDigits(payload, pos + 2);
    if (length < 0) {
      problems.push(
        problem(
          'TLV.LENGTH',
          tagId,
          pos + 2,
          `Tag ${tagId} at offset ${pos} has length "${payload.slice(pos + 2, pos + 4)}", not two digits`,
        ),
      );
      broken = true;
      break;
    }
    const start = pos + 4;
    const end = start + length;
    if (end > n) {
      problems.push(
        problem(
          'TLV.TRUNCATED',
          tagId,
          pos,
          `Tag ${tagId} at offset ${pos} claims ${length} characters but only ${n - start} remain`,
        ),
      );
      broken = true;
      break;
    }
    const tag = makeTag(tagId, length, payload.slice(start, end), pos);
    if (stamps[id] === mark) {
      problems.push(
        problem('TAG.DUPLICATE', tagId, pos, `Tag ${tagId} appears twice (again at offset ${pos})`),
      );
    } else {
      stamps[id] = mark;
      positions[id] = tags.length;
    }
    tags.push(tag);
    if (length === 0) {
      problems.push(
        problem('TLV.EMPTY_VALUE', tagId, pos, `Tag ${tagId} at offset ${pos} has length 00`),
      );
      pos = end;
      continue;
    }

    switch (id) {
      case 0:
        formatIndicator = tag.value;
        if (tags.length !== 1) {
          problems.push(
            problem(
              'FORMAT_INDICATOR.NOT_FIRST',
              tagId,
              pos,
              `Tag 00 (payload format indicator) must come first; it is at offset ${pos}`,
            ),
          );
        }
        if (length !== 2 || tag.value !== '01') {
          problems.push(
            problem(
              'FORMAT_INDICATOR.VALUE',
              tagId,
              pos,
              `Payload format indicator (00) is "${tag.value}", expected "01"`,
            ),
          );
        }
        break;
      case 1:
        if (tag.value === '12') initiation = 'dynamic';
        else if (tag.value !== '11') {
          problems.push(
            problem(
              'INITIATION.VALUE',
              tagId,
              pos,
              `Point of initiation (01) is "${tag.value}"; expected "11" (static) or "12" (dynamic)`,
            ),
          );
        }
        break;
      case 52:
        mcc = tag.value;
        if (length !== 4 || !isDigitsRange(payload, start, end)) {
          problems.push(
            problem(
              'MCC.FORMAT',
              tagId,
              pos,
              `Merchant category code (52) is "${tag.value}"; expected 4 digits`,
            ),
          );
        }
        break;
      case 53:
        currency = tag.value;
        if (length !== 3 || !isDigitsRange(payload, start, end)) {
          problems.push(
            problem(
              'CURRENCY.FORMAT',
              tagId,
              pos,
              `Currency (53) is "${tag.value}"; expected a 3-digit ISO 4217 code such as 360`,
            ),
          );
        }
        break;
      case 54:
        amount = readAmount(payload, tag, 'AMOUNT.FORMAT', 'Transaction amount', problems);
        if (amount !== undefined && amount.minor === 0) {
          problems.push(problem('AMOUNT.ZERO', tagId, pos, 'Transaction amount (54) is zero'));
        }
        break;
      case 55:
        tipIndicator = tag.value;
        if (tag.value !== '01' && tag.value !== '02' && tag.value !== '03') {
          problems.push(
            problem(
              'TIP.INDICATOR',
              tagId,
              pos,
              `Tip or convenience indicator (55) is "${tag.value}"; expected 01 (prompt), 02 (fixed) or 03 (percentage)`,
            ),
          );
        }
        break;
      case 56:
        fixedFee = readAmount(payload, tag, 'TIP.FIXED_FORMAT', 'Fixed convenience fee', problems);
        break;
      case 57:
        percentFee = tag.value;
        if (!isPercentage(payload, start, end)) {
          problems.push(
            problem(
              'TIP.PERCENT_FORMAT',
              tagId,
              pos,
              `Percentage convenience fee (57) is "${tag.value}"; expected a number above 0 and below 100 with at most 2 decimals, e.g. 2.50`,
            ),
          );
        }
        break;
      case 58:
        countryCode = tag.value;
        if (
          length !== 2 ||
          !isUpperLetter(payload.charCodeAt(start)) ||
          !isUpperLetter(payload.charCodeAt(start + 1))
        ) {
          problems.push(
            problem(
              'COUNTRY.FORMAT',
              tagId,
              pos,
              `Country code (58) is "${tag.value}"; expected two upper-case letters such as ID`,
            ),
          );
        }
        break;
      case 59:
        merchantName = tag.value;
        checkMaxLength(tag, 'Merchant name', 25, problems);
        break;
      case 60:
        merchantCity = tag.value;
        checkMaxLength(tag, 'Merchant city', 15, problems);
        break;
      case 61:
        postalCode = tag.value;
        checkMaxLength(tag, 'Postal code', 10, problems);
        break;
      case 62:
        additionalData = readAdditionalData(payload, tag, problems);
        break;
      case 63:
        crcTag = tag;
        break;
      case 64:
        language = readLanguage(payload, tag, problems);
        break;
      default:
        if (id >= 26 && id <= 51)
          merchantAccounts.push(readMerchantAccount(payload, tag, problems));
        else if (id >= 2 && id <= 25) networkAccounts.push({ tag: tagId, value: tag.value });
        else if (id >= 80) unreserved.push(readUnreserved(payload, tag, problems));
      // 65-79 are reserved for future use: kept in `tags`, nothing to check.
    }
    pos = end;
  }

  const languageTag = stamps[64] === mark ? tags[positions[64]] : undefined;
  checkIntegrity(payload, tags, crcTag, languageTag, broken, problems);
  const crc = crcTag === undefined ? '' : crcTag.value;
  if (broken) return fail(problems);

  let tip: QrisTip | undefined;
  if (tipIndicator === '01') tip = { indicator: 'prompt' };
  else if (tipIndicator === '02' && fixedFee !== undefined)
    tip = { indicator: 'fixed', minor: fixedFee.minor, text: fixedFee.text };
  else if (tipIndicator === '03' && percentFee !== undefined)
    tip = { indicator: 'percentage', percent: percentFee };

  let nmid: string | undefined;
  let merchantPan: string | undefined;
  const acquirerGuis: string[] = [];
  for (let i = 0; i < merchantAccounts.length; i++) {
    const account = merchantAccounts[i];
    if (account.gui === QRIS_REPOSITORY_GUI) {
      if (nmid === undefined) nmid = account.merchantId;
    } else if (account.gui !== '') {
      acquirerGuis.push(account.gui);
      if (merchantPan === undefined) merchantPan = account.pan;
    }
  }

  const qris: Qris = {
    payload,
    tags,
    formatIndicator,
    initiation,
    merchantAccounts,
    networkAccounts,
    mcc,
    currency,
    countryCode,
    merchantName,
    merchantCity,
    postalCode,
    amount,
    tip,
    additionalData,
    language,
    unreserved,
    nmid,
    merchantPan,
    acquirerGuis,
    crc,
  };
  checkCrossTagRules(qris, { stamps, positions, mark }, problems);

  if (lenient) {
    for (let i = 0; i < problems.length; i++) {
      if (problems[i].severity === 'error') problems[i] = { ...problems[i], severity: 'warning' };
    }
    return { ok: true, qris, warnings: problems };
  }
  for (let i = 0; i < problems.length; i++) {
    if (problems[i].severity === 'error') return { ok: false, problems, qris };
  }
  return { ok: true, qris, warnings: problems };
}

/** GUI of the national QRIS repository template (tag 51), whose sub 02 is the NMID. */
export const QRIS_REPOSITORY_GUI = 'ID.CO.QRIS.WWW';

function fail(problems: QrisProblem[]): QrisParseResult {
  return { ok: false, problems };
}

function kind(value: unknown): string {
  return value === null ? 'null' : typeof value;
}
