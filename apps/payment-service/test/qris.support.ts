// QRIS payloads for the decode and payment specs: DOKU's own samples (byte for byte from its
// QRIS page) and edits of them that break one rule each, re-signed so only that rule fails.
import {
  assemble,
  DOKU_PAYMENT_SAMPLE,
  DOKU_SAMPLE,
  dokuSampleTags,
} from '../../../libs/qris/test/fixtures.js';

export { DOKU_PAYMENT_SAMPLE, DOKU_SAMPLE };

function edit(changes: Record<string, string | null>): string {
  return assemble(
    dokuSampleTags()
      .map(([id, value]): [string, string | null] => [id, id in changes ? changes[id] : value])
      .filter((t): t is [string, string] => t[1] !== null),
  );
}

/** DOKU's payment sample with the leading "0" its page dropped put back (CRC F8EF). */
export const DOKU_PAYMENT_SAMPLE_RESTORED = `0${DOKU_PAYMENT_SAMPLE}`;

/** Sound CRC and structure, a 26-character merchant name (EMVCo allows 25). */
export const LONG_NAME = edit({ '59': 'Green Pages Grocery Jakart' });

/** Sound CRC and structure, a trailing space in the city. */
export const TRAILING_SPACE = edit({ '60': 'Jakarta ' });

/** The CRC does not match the payload (last digit changed). */
export const BROKEN_CRC = `${DOKU_SAMPLE.slice(0, -1)}${DOKU_SAMPLE.endsWith('A') ? 'B' : 'A'}`;

/** A length that runs past the end of the payload. */
export const BROKEN_TLV = DOKU_SAMPLE.replace('5911Green Pages', '5999Green Pages');

/** No country code (58), re-signed: a mandatory tag is missing. */
export const MISSING_COUNTRY = edit({ '58': null });

/** A static QRIS of the same merchant: no amount, no fee rule (the payer enters the amount). */
export const STATIC_QR = edit({ '01': '11', '54': null, '55': null, '56': null });
