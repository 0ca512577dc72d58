import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** `prefix_` + 24 random base-36 characters (~124 bits): `ord_…`, `rfd_…`, `evt_…`. */
export function newId(prefix: string, length = 24): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i] % 36];
  return `${prefix}_${out}`;
}

/** What DOKU sees as our partnerReferenceNo: 32 lower-case hex characters, like DOKU's samples. */
export function newPartnerReferenceNo(): string {
  return randomBytes(16).toString('hex');
}
