// Every problem the codec reports has a stable code (never renamed: callers switch on them),
// the tag it concerns, the character offset, and a message a person can act on.

import type { QrisProblem, QrisSeverity } from './types.js';

/** Stable problem codes and what each means. */
export const QRIS_PROBLEM_CODES = {
  'PAYLOAD.NOT_STRING': 'The payload is not a string.',
  'PAYLOAD.EMPTY': 'The payload is empty.',
  'PAYLOAD.TOO_LONG': 'The payload is longer than the 512 characters EMVCo allows.',
  'PAYLOAD.CHARSET': 'A character outside printable ASCII (allowed only in tag 64).',
  'TLV.ID': 'A data object id is not two decimal digits.',
  'TLV.LENGTH': 'A data object length is not two decimal digits.',
  'TLV.TRUNCATED': 'A data object length points past the end of its container.',
  'TLV.EMPTY_VALUE': 'A data object has length 00.',
  'TAG.DUPLICATE': 'A data object id appears twice in the same container.',
  'TAG.MISSING': 'A mandatory data object is missing.',
  'TAG.LENGTH': 'A value is longer than EMVCo allows for its tag.',
  'FORMAT_INDICATOR.NOT_FIRST': 'Tag 00 (payload format indicator) is not the first data object.',
  'FORMAT_INDICATOR.VALUE': 'Tag 00 is not "01".',
  'INITIATION.VALUE': 'Tag 01 (point of initiation) is neither "11" (static) nor "12" (dynamic).',
  'MERCHANT_ACCOUNT.MISSING': 'No merchant account information (tags 02-51).',
  'MERCHANT_ACCOUNT.GUI_MISSING': 'A merchant account template (26-51) has no GUI in sub 00.',
  'MERCHANT_ACCOUNT.PAN_FORMAT': 'A merchant PAN (sub 01) is not 1-19 decimal digits.',
  'MERCHANT_ACCOUNT.PAN_LUHN': 'A merchant PAN fails its Luhn check digit.',
  'MERCHANT_ACCOUNT.CRITERIA': 'Merchant criteria (sub 03) is not UMI, UKE, UME, UBE or URE.',
  'TEMPLATE.MALFORMED': 'A template value (26-51, 62, 64, 80-99) does not read as TLV.',
  'TEMPLATE.GUI_MISSING': 'An unreserved template (80-99) has no GUI in sub 00.',
  'MCC.FORMAT': 'Tag 52 (merchant category code) is not 4 digits.',
  'CURRENCY.FORMAT': 'Tag 53 (currency) is not a 3-digit ISO 4217 numeric code.',
  'AMOUNT.FORMAT': 'Tag 54 is not an amount (digits, optional "." and at most 2 decimals).',
  'AMOUNT.ZERO': 'Tag 54 is zero.',
  'AMOUNT.MISSING_DYNAMIC': 'A dynamic QRIS without an amount (tag 54); a warning.',
  'TIP.INDICATOR': 'Tag 55 (tip or convenience indicator) is not 01, 02 or 03.',
  'TIP.FIXED_MISSING': 'Tag 55 is 02 (fixed fee) but tag 56 is missing.',
  'TIP.PERCENT_MISSING': 'Tag 55 is 03 (percentage fee) but tag 57 is missing.',
  'TIP.FIXED_FORMAT': 'Tag 56 (fixed fee) is not an amount.',
  'TIP.PERCENT_FORMAT': 'Tag 57 (percentage fee) is not a percentage between 0 and 100.',
  'TIP.UNEXPECTED': 'Tag 56 or 57 is present without the matching tag 55 value.',
  'COUNTRY.FORMAT': 'Tag 58 (country code) is not two upper-case letters.',
  'ADDITIONAL_DATA.CONSUMER_REQUEST': 'Tag 62 sub 09 is not a combination of A, M and E.',
  'LANGUAGE.PREFERENCE': 'Tag 64 sub 00 (language preference) is missing or not two letters.',
  'LANGUAGE.NAME_MISSING': 'Tag 64 has no alternate merchant name (sub 01).',
  'CRC.MISSING': 'Tag 63 (CRC) is missing.',
  'CRC.NOT_LAST': 'Tag 63 (CRC) is not the last data object.',
  'CRC.FORMAT': 'Tag 63 is not four upper-case hexadecimal digits.',
  'CRC.MISMATCH': 'The CRC in tag 63 does not match the payload.',
} as const;

export type QrisProblemCode = keyof typeof QRIS_PROBLEM_CODES;

export function problem(
  code: QrisProblemCode,
  tag: string | undefined,
  offset: number,
  message: string,
  severity: QrisSeverity = 'error',
): QrisProblem {
  return tag === undefined
    ? { code, offset, message, severity }
    : { code, tag, offset, message, severity };
}

/** Thrown by the builders when the input would make an invalid payload; carries the problems. */
export class QrisBuildError extends Error {
  readonly problems: QrisProblem[];

  constructor(message: string, problems: QrisProblem[] = []) {
    super(message);
    this.name = 'QrisBuildError';
    this.problems = problems;
  }
}
