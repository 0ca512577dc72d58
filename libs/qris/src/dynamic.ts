// toDynamicQris: a merchant's printed (static) QRIS -> a dynamic one for one amount, the way
// popular QRIS tools do it (01 becomes 12, 54 goes in, the CRC is recomputed), except that
// the input is validated first and every other data object, unknown ones included, is kept
// byte for byte in its place.

import { amountTlv, checked, tipTlvs, tlv, withCrc } from './build.js';
import { parseQris } from './parse.js';
import { QrisBuildError } from './problems.js';
import type { QrisTipInput } from './types.js';

export interface ToDynamicOptions {
  /** Fee rule to write: undefined keeps the static QRIS's own (55-57), null removes it. */
  tip?: QrisTipInput | null;
  /** `lenient` converts a static QRIS with problems (e.g. a wrong CRC) as long as it reads; default strict. */
  mode?: 'strict' | 'lenient';
}

/** Converts a QRIS into a dynamic one for `amountMinor`; throws QrisBuildError if it does not parse. */
export function toDynamicQris(
  staticPayload: string,
  amountMinor: number,
  options: ToDynamicOptions = {},
): string {
  const parsed = parseQris(staticPayload, { mode: options.mode ?? 'strict' });
  if (!parsed.ok) {
    const errors = parsed.problems.filter((p) => p.severity === 'error');
    throw new QrisBuildError(
      `toDynamicQris: the QRIS to convert is invalid: ${errors.map((p) => p.message).join('; ')}`,
      errors,
    );
  }
  const replaceTip = options.tip !== undefined;
  let inserted = amountTlv('54', amountMinor);
  if (options.tip) inserted += tipTlvs(options.tip);
  let body = '';
  let placed = false;
  for (const tag of parsed.qris.tags) {
    const id = Number(tag.id);
    if (id === 63 || id === 54 || (replaceTip && id >= 55 && id <= 57)) continue;
    // The amount goes where ascending order puts it: before 55-57 when kept, else before 58.
    if (!placed && id > (replaceTip ? 57 : 53) && id !== 63) {
      body += inserted;
      placed = true;
    }
    body += id === 1 ? tlv('01', '12') : tlv(tag.id, tag.value);
  }
  if (!placed) body += inserted;
  return checked(withCrc(body), 'toDynamicQris');
}
