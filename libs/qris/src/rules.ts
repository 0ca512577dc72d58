// Rules that span several data objects: mandatory tags, the tip indicator and its value,
// a dynamic QRIS without an amount, and the QRIS rules on merchant account templates
// (PAN digits with a Luhn check digit, merchant criteria) that apply when the country is ID.

import { isLuhnValid } from './luhn.js';
import { problem } from './problems.js';
import { TAG_IDS } from './tlv.js';
import type { Qris, QrisProblem } from './types.js';

/** Which top-level ids the parse saw, and at which index of `qris.tags`. */
export interface SeenTags {
  stamps: Uint32Array;
  positions: Int32Array;
  mark: number;
}

const MANDATORY: ReadonlyArray<readonly [number, string]> = [
  [0, 'Payload format indicator'],
  [1, 'Point of initiation method'],
  [52, 'Merchant category code'],
  [53, 'Transaction currency'],
  [58, 'Country code'],
  [59, 'Merchant name'],
  [60, 'Merchant city'],
];

const CRITERIA = new Set(['UMI', 'UKE', 'UME', 'UBE', 'URE']);

export function checkCrossTagRules(qris: Qris, seen: SeenTags, problems: QrisProblem[]): void {
  const has = (id: number) => seen.stamps[id] === seen.mark;
  const offsetOf = (id: number) => qris.tags[seen.positions[id]].offset;

  for (const [id, label] of MANDATORY) {
    if (!has(id)) missing(qris, id, label, problems);
  }
  if (qris.countryCode === 'ID' && !has(61))
    missing(qris, 61, 'Postal code (mandatory in ID)', problems);
  let hasAccount = false;
  for (let id = 2; id <= 51 && !hasAccount; id++) hasAccount = has(id);
  if (!hasAccount) {
    problems.push(
      problem(
        'MERCHANT_ACCOUNT.MISSING',
        undefined,
        insertionOffset(qris, 26),
        'No merchant account information (tags 02-51): a QRIS needs at least one, e.g. 26 with the acquirer GUI',
      ),
    );
  }

  const indicator = has(55) ? qris.tags[seen.positions[55]].value : '';
  if (indicator === '02' && !has(56)) {
    problems.push(
      problem(
        'TIP.FIXED_MISSING',
        '55',
        offsetOf(55),
        'Tip indicator (55) is 02 (fixed fee) but the fee (56) is missing',
      ),
    );
  }
  if (indicator === '03' && !has(57)) {
    problems.push(
      problem(
        'TIP.PERCENT_MISSING',
        '55',
        offsetOf(55),
        'Tip indicator (55) is 03 (percentage fee) but the percentage (57) is missing',
      ),
    );
  }
  if (has(56) && indicator !== '02') {
    problems.push(
      problem(
        'TIP.UNEXPECTED',
        '56',
        offsetOf(56),
        `A fixed fee (56) is present but the tip indicator (55) is ${indicator === '' ? 'missing' : `"${indicator}"`}, not 02`,
      ),
    );
  }
  if (has(57) && indicator !== '03') {
    problems.push(
      problem(
        'TIP.UNEXPECTED',
        '57',
        offsetOf(57),
        `A percentage fee (57) is present but the tip indicator (55) is ${indicator === '' ? 'missing' : `"${indicator}"`}, not 03`,
      ),
    );
  }

  if (qris.initiation === 'dynamic' && !has(54)) {
    problems.push(
      problem(
        'AMOUNT.MISSING_DYNAMIC',
        '01',
        offsetOf(1),
        'The QRIS is dynamic (01 = 12) but carries no amount (54)',
        'warning',
      ),
    );
  }

  // Sub tags of 26-51 are defined by the GUI's owner; these are Bank Indonesia's QRIS rules.
  if (qris.countryCode === 'ID' || qris.countryCode === '') checkQrisAccounts(qris, problems);
}

function checkQrisAccounts(qris: Qris, problems: QrisProblem[]): void {
  for (const account of qris.merchantAccounts) {
    for (const f of account.fields) {
      const where = `${account.tag}.${f.id}`;
      if (f.id === '01' && f.length > 0) {
        if (f.length > 19 || !/^\d+$/.test(f.value)) {
          problems.push(
            problem(
              'MERCHANT_ACCOUNT.PAN_FORMAT',
              where,
              f.offset,
              `Merchant PAN (${where}) is "${f.value}"; expected up to 19 digits`,
            ),
          );
        } else if (!isLuhnValid(f.value)) {
          problems.push(
            problem(
              'MERCHANT_ACCOUNT.PAN_LUHN',
              where,
              f.offset,
              `Merchant PAN (${where}) ${f.value} fails its Luhn check digit`,
            ),
          );
        }
      } else if (f.id === '02') {
        if (f.length > 15) {
          problems.push(
            problem(
              'TAG.LENGTH',
              where,
              f.offset,
              `Merchant id (${where}) is ${f.length} characters, at most 15 allowed`,
            ),
          );
        }
      } else if (f.id === '03' && f.length > 0 && !CRITERIA.has(f.value)) {
        problems.push(
          problem(
            'MERCHANT_ACCOUNT.CRITERIA',
            where,
            f.offset,
            `Merchant criteria (${where}) is "${f.value}"; expected UMI, UKE, UME, UBE or URE`,
          ),
        );
      }
    }
  }
}

function missing(qris: Qris, id: number, label: string, problems: QrisProblem[]): void {
  const tag = TAG_IDS[id];
  problems.push(
    problem('TAG.MISSING', tag, insertionOffset(qris, id), `${label} (${tag}) is missing`),
  );
}

// Where a missing tag belongs: before the first later tag in id order (63, the CRC, is
// always last), so a person can see where to insert it.
function insertionOffset(qris: Qris, id: number): number {
  for (const tag of qris.tags) {
    if (tag.id === '63' || (tag.id !== '00' && Number(tag.id) > id)) return tag.offset;
  }
  return qris.payload.length;
}
