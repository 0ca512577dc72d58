// Rules that span several data objects: mandatory tags, the tip indicator and its value,
// a dynamic QRIS without an amount, and the QRIS rules on merchant account templates
// (PAN digits with a Luhn check digit, merchant criteria) that apply when the country is ID.

import { isLuhnValid } from './luhn.js';
import { problem } from './problems.js';
import { isDigitsRange, TAG_IDS } from './tlv.js';
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

export function checkCrossTagRules(qris: Qris, seen: SeenTags, problems: QrisProblem[]): void {
  const { stamps, positions, mark } = seen;
  const tags = qris.tags;

  for (let i = 0; i < MANDATORY.length; i++) {
    const [id, label] = MANDATORY[i];
    if (stamps[id] !== mark) missing(qris, id, label, problems);
  }
  if (qris.countryCode === 'ID' && stamps[61] !== mark) {
    missing(qris, 61, 'Postal code (mandatory in ID)', problems);
  }
  let hasAccount = false;
  for (let id = 2; id <= 51 && !hasAccount; id++) hasAccount = stamps[id] === mark;
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

  const has55 = stamps[55] === mark;
  const has56 = stamps[56] === mark;
  const has57 = stamps[57] === mark;
  if (has55 || has56 || has57) {
    const indicator = has55 ? tags[positions[55]].value : '';
    const shown = has55 ? `"${indicator}"` : 'missing';
    if (indicator === '02' && !has56) {
      problems.push(
        problem(
          'TIP.FIXED_MISSING',
          '55',
          tags[positions[55]].offset,
          'Tip indicator (55) is 02 (fixed fee) but the fee (56) is missing',
        ),
      );
    }
    if (indicator === '03' && !has57) {
      problems.push(
        problem(
          'TIP.PERCENT_MISSING',
          '55',
          tags[positions[55]].offset,
          'Tip indicator (55) is 03 (percentage fee) but the percentage (57) is missing',
        ),
      );
    }
    if (has56 && indicator !== '02') {
      problems.push(
        problem(
          'TIP.UNEXPECTED',
          '56',
          tags[positions[56]].offset,
          `A fixed fee (56) is present but the tip indicator (55) is ${shown}, not 02`,
        ),
      );
    }
    if (has57 && indicator !== '03') {
      problems.push(
        problem(
          'TIP.UNEXPECTED',
          '57',
          tags[positions[57]].offset,
          `A percentage fee (57) is present but the tip indicator (55) is ${shown}, not 03`,
        ),
      );
    }
  }

  if (qris.initiation === 'dynamic' && stamps[54] !== mark) {
    problems.push(
      problem(
        'AMOUNT.MISSING_DYNAMIC',
        '01',
        tags[positions[1]].offset,
        'The QRIS is dynamic (01 = 12) but carries no amount (54)',
        'warning',
      ),
    );
  }

  // Sub tags of 26-51 are defined by the GUI's owner; these are Bank Indonesia's QRIS rules.
  if (qris.countryCode === 'ID' || qris.countryCode === '') checkQrisAccounts(qris, problems);
}

function checkQrisAccounts(qris: Qris, problems: QrisProblem[]): void {
  const payload = qris.payload;
  for (let a = 0; a < qris.merchantAccounts.length; a++) {
    const account = qris.merchantAccounts[a];
    for (let i = 0; i < account.fields.length; i++) {
      const f = account.fields[i];
      if (f.length === 0) continue;
      if (f.id === '01') {
        if (f.length > 19 || !isDigitsRange(payload, f.offset + 4, f.offset + 4 + f.length)) {
          const where = `${account.tag}.01`;
          problems.push(
            problem(
              'MERCHANT_ACCOUNT.PAN_FORMAT',
              where,
              f.offset,
              `Merchant PAN (${where}) is "${f.value}"; expected up to 19 digits`,
            ),
          );
        } else if (!isLuhnValid(f.value)) {
          const where = `${account.tag}.01`;
          problems.push(
            problem(
              'MERCHANT_ACCOUNT.PAN_LUHN',
              where,
              f.offset,
              `Merchant PAN (${where}) ${f.value} fails its Luhn check digit`,
              // A warning: DOKU's PANs are NNS + a 10-digit merchant id with no check digit
              // (936008990000002115), so a valid DOKU QR may fail Luhn.
              'warning',
            ),
          );
        }
      } else if (f.id === '02') {
        if (f.length > 15) {
          const where = `${account.tag}.02`;
          problems.push(
            problem(
              'TAG.LENGTH',
              where,
              f.offset,
              `Merchant id (${where}) is ${f.length} characters, at most 15 allowed`,
            ),
          );
        }
      } else if (f.id === '03' && !isCriteria(f.value)) {
        const where = `${account.tag}.03`;
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

// Bank Indonesia's merchant criteria: micro, small, medium, large, regular (non-business).
function isCriteria(value: string): boolean {
  return (
    value === 'UMI' || value === 'UKE' || value === 'UME' || value === 'UBE' || value === 'URE'
  );
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
