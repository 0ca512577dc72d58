// Readers for the templates inside a QRIS payload: merchant accounts (26-51), additional
// data (62), the language template (64) and unreserved templates (80-99). Each reads its
// sub data objects in place (absolute offsets), records what a person needs, and reports
// what breaks a rule.

import { problem } from './problems.js';
import { readTlvList, twoDigits } from './tlv.js';
import type {
  QrisAdditionalData,
  QrisLanguageTemplate,
  QrisMerchantAccount,
  QrisProblem,
  QrisTag,
  QrisTemplate,
} from './types.js';

// Duplicate detection without allocating: a stamp per sub id, bumped per template.
const stamps = new Uint32Array(100);
let stamp = 0;

function nextStamp(): number {
  if (stamp === 0xffffffff) {
    stamps.fill(0);
    stamp = 0;
  }
  return ++stamp;
}

/**
 * Reads a template's value as TLV and sets `tag.children`; on a fault reports
 * TEMPLATE.MALFORMED and returns null. Also reports empty and duplicate sub tags.
 */
export function readTemplate(
  payload: string,
  tag: QrisTag,
  problems: QrisProblem[],
): QrisTag[] | null {
  const start = tag.offset + 4;
  const list = readTlvList(payload, start, start + tag.length);
  if (!Array.isArray(list)) {
    const at = list.offset;
    const what =
      list.reason === 'truncated'
        ? `the sub data object at offset ${at} runs past the end of the template`
        : `"${payload.slice(at, at + 2)}" at offset ${at} is not a two-digit ${list.reason}`;
    problems.push(
      problem('TEMPLATE.MALFORMED', tag.id, at, `Template ${tag.id} does not read as TLV: ${what}`),
    );
    return null;
  }
  const mark = nextStamp();
  for (let i = 0; i < list.length; i++) {
    const child = list[i];
    const n = twoDigits(payload, child.offset);
    if (child.length === 0) {
      problems.push(
        problem(
          'TLV.EMPTY_VALUE',
          `${tag.id}.${child.id}`,
          child.offset,
          `Sub tag ${child.id} of tag ${tag.id} has length 00`,
        ),
      );
    }
    if (stamps[n] === mark) {
      problems.push(
        problem(
          'TAG.DUPLICATE',
          `${tag.id}.${child.id}`,
          child.offset,
          `Sub tag ${child.id} appears twice in tag ${tag.id}`,
        ),
      );
    }
    stamps[n] = mark;
  }
  tag.children = list;
  return list;
}

/** Reports a value longer than `max` characters as TAG.LENGTH. */
export function checkMaxLength(
  tag: QrisTag,
  label: string,
  max: number,
  problems: QrisProblem[],
  parent?: string,
): void {
  if (tag.length > max) {
    const where = parent === undefined ? tag.id : `${parent}.${tag.id}`;
    problems.push(
      problem(
        'TAG.LENGTH',
        where,
        tag.offset,
        `${label} (${where}) is ${tag.length} characters, at most ${max} allowed`,
      ),
    );
  }
}

/** Tags 26-51: GUI, PAN, merchant id, criteria. QRIS-specific checks happen in rules.ts. */
export function readMerchantAccount(
  payload: string,
  tag: QrisTag,
  problems: QrisProblem[],
): QrisMerchantAccount {
  const fields = readTemplate(payload, tag, problems);
  const account: QrisMerchantAccount = {
    tag: tag.id,
    gui: '',
    pan: undefined,
    merchantId: undefined,
    criteria: undefined,
    fields: fields ?? [],
  };
  if (fields === null) return account;
  let hasGui = false;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    switch (f.id) {
      case '00':
        hasGui = true;
        account.gui = f.value;
        checkMaxLength(f, 'GUI', 32, problems, tag.id);
        break;
      case '01':
        account.pan = f.value;
        break;
      case '02':
        account.merchantId = f.value;
        break;
      case '03':
        account.criteria = f.value;
        break;
    }
  }
  if (!hasGui) {
    problems.push(
      problem(
        'MERCHANT_ACCOUNT.GUI_MISSING',
        tag.id,
        tag.offset,
        `Merchant account template ${tag.id} has no GUI (sub 00)`,
      ),
    );
  }
  return account;
}

const ADDITIONAL_FIELDS: ReadonlyArray<
  readonly [keyof Omit<QrisAdditionalData, 'templates'>, string, number]
> = [
  ['billNumber', 'Bill number', 25], // 01
  ['mobileNumber', 'Mobile number', 25],
  ['storeLabel', 'Store label', 25],
  ['loyaltyNumber', 'Loyalty number', 25],
  ['referenceLabel', 'Reference label', 25],
  ['customerLabel', 'Customer label', 25],
  ['terminalLabel', 'Terminal label', 25],
  ['purposeOfTransaction', 'Purpose of transaction', 25],
  ['consumerDataRequest', 'Additional consumer data request', 3],
  ['merchantTaxId', 'Merchant tax id', 20],
  ['merchantChannel', 'Merchant channel', 3], // 11
];

/** Names of the tag 62 sub tags 01-11, in id order (index 0 is sub 01). */
export const ADDITIONAL_DATA_KEYS = ADDITIONAL_FIELDS.map(([key]) => key);

/** Tag 62: sub 01-11 by name, 50-99 as templates, 12-49 kept in `children` only. */
export function readAdditionalData(
  payload: string,
  tag: QrisTag,
  problems: QrisProblem[],
): QrisAdditionalData {
  const data: QrisAdditionalData = {
    billNumber: undefined,
    mobileNumber: undefined,
    storeLabel: undefined,
    loyaltyNumber: undefined,
    referenceLabel: undefined,
    customerLabel: undefined,
    terminalLabel: undefined,
    purposeOfTransaction: undefined,
    consumerDataRequest: undefined,
    merchantTaxId: undefined,
    merchantChannel: undefined,
    templates: [],
  };
  const fields = readTemplate(payload, tag, problems);
  if (fields === null) return data;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    const n = twoDigits(payload, f.offset);
    if (n >= 1 && n <= 11) {
      const [key, label, max] = ADDITIONAL_FIELDS[n - 1];
      data[key] = f.value;
      checkMaxLength(f, label, max, problems, '62');
      if (n === 9 && !isConsumerDataRequest(f.value)) {
        problems.push(
          problem(
            'ADDITIONAL_DATA.CONSUMER_REQUEST',
            '62.09',
            f.offset,
            `Additional consumer data request (62.09) is "${f.value}"; it must combine A, M and E, each at most once`,
          ),
        );
      }
    } else if (n >= 50) {
      data.templates.push(readSubTemplate(payload, f));
    }
  }
  return data;
}

function isConsumerDataRequest(value: string): boolean {
  if (value.length === 0 || value.length > 3) return false;
  let seen = '';
  for (const c of value) {
    if ((c !== 'A' && c !== 'M' && c !== 'E') || seen.includes(c)) return false;
    seen += c;
  }
  return true;
}

/**
 * A 50-99 sub template of tag 62. EMVCo makes it TLV with a GUI in sub 00; DOKU puts the
 * bare partnerReferenceNo there. Both are accepted: children and gui only when it reads as TLV.
 */
function readSubTemplate(payload: string, f: QrisTag): QrisTemplate {
  const start = f.offset + 4;
  const list = readTlvList(payload, start, start + f.length);
  if (Array.isArray(list) && list.length > 0 && list[0].id === '00') {
    f.children = list;
    return { id: f.id, value: f.value, gui: list[0].value, children: list };
  }
  return { id: f.id, value: f.value, gui: undefined, children: undefined };
}

/** Tags 80-99: EMVCo unreserved templates, sub 00 = GUI. */
export function readUnreserved(
  payload: string,
  tag: QrisTag,
  problems: QrisProblem[],
): QrisTemplate {
  const fields = readTemplate(payload, tag, problems);
  const template: QrisTemplate = {
    id: tag.id,
    value: tag.value,
    gui: undefined,
    children: fields ?? undefined,
  };
  if (fields === null) return template;
  if (fields.length > 0 && fields[0].id === '00') {
    template.gui = fields[0].value;
    checkMaxLength(fields[0], 'GUI', 32, problems, tag.id);
  } else {
    problems.push(
      problem(
        'TEMPLATE.GUI_MISSING',
        tag.id,
        tag.offset,
        `Unreserved template ${tag.id} does not start with a GUI (sub 00)`,
      ),
    );
  }
  return template;
}

/** Tag 64: language preference (00), alternate merchant name (01) and city (02). */
export function readLanguage(
  payload: string,
  tag: QrisTag,
  problems: QrisProblem[],
): QrisLanguageTemplate {
  const language: QrisLanguageTemplate = {
    preference: '',
    merchantName: '',
    merchantCity: undefined,
  };
  const fields = readTemplate(payload, tag, problems);
  if (fields === null) return language;
  let hasName = false;
  let preferenceAt = -1;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    if (f.id === '00') {
      language.preference = f.value;
      preferenceAt = f.offset;
    } else if (f.id === '01') {
      hasName = true;
      language.merchantName = f.value;
      checkMaxLength(f, 'Alternate merchant name', 25, problems, '64');
    } else if (f.id === '02') {
      language.merchantCity = f.value;
      checkMaxLength(f, 'Alternate merchant city', 15, problems, '64');
    }
  }
  if (!/^[a-zA-Z]{2}$/.test(language.preference)) {
    problems.push(
      problem(
        'LANGUAGE.PREFERENCE',
        preferenceAt < 0 ? '64' : '64.00',
        preferenceAt < 0 ? tag.offset : preferenceAt,
        preferenceAt < 0
          ? 'Language template 64 has no language preference (sub 00)'
          : `Language preference (64.00) is "${language.preference}"; it must be an ISO 639 two-letter code`,
      ),
    );
  }
  if (!hasName) {
    problems.push(
      problem(
        'LANGUAGE.NAME_MISSING',
        '64',
        tag.offset,
        'Language template 64 has no alternate merchant name (sub 01)',
      ),
    );
  }
  return language;
}
