import { randomBytes } from 'node:crypto';

// 32 symbols, so each random byte maps to one without modulo bias (5 bits of it are used).
const ALPHABET = '0123456789abcdefghijklmnopqrstuv';

function randomSuffix(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}

/** A webhook event id (`evt_` + 24 lowercase characters, 120 random bits); the `webhook-id` header. */
export function newEventId(): string {
  return `evt_${randomSuffix(24)}`;
}

/** A delivery id (`whd_…`): one attempt series of an event to the shop's URL. */
export function newDeliveryId(): string {
  return `whd_${randomSuffix(24)}`;
}

export const EVENT_ID_PATTERN = /^evt_[0-9a-v]{24}$/;
export const DELIVERY_ID_PATTERN = /^whd_[0-9a-v]{24}$/;
