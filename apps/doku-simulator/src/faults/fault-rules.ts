// The fault vocabulary of the admin API: what can go wrong on each SNAP endpoint and with
// each notification. Rules are validated here, once, when they are set.
import { SNAP_SERVICE_CODES } from '#doku-snap';

export const SIMULATED_ENDPOINTS = [
  'tokenB2b',
  'tokenB2b2c',
  'generate',
  'query',
  'refund',
  'decode',
  'cancel',
  'payment',
] as const;
export type SimulatedEndpoint = (typeof SIMULATED_ENDPOINTS)[number];
/** `*` applies to every SNAP endpoint that has no rule of its own. */
export type EndpointSelector = SimulatedEndpoint | '*';

export interface EndpointFaultRule {
  /** Added before the answer (ms). */
  latencyMs?: number;
  /** Plus a uniform random 0..jitterMs. */
  jitterMs?: number;
  /** Share of requests answered with an error (0..1). */
  errorRate?: number;
  /** HTTP status of the injected error; default 500. */
  errorStatus?: number;
  /** responseCode of the injected error; default status + service code + `00` (`01` for 500). */
  errorResponseCode?: string;
  errorMessage?: string;
  /** Share of requests accepted and never answered (the socket stays open until close). */
  timeoutRate?: number;
  /** With timeoutRate: hang up (destroy the socket) after this many ms instead of never. */
  hangUpAfterMs?: number;
  /** Share of requests answered 200 with a body that is not valid JSON. */
  malformedRate?: number;
  /** Error, timeout and malformed faults strike after the request took effect (the money moved). */
  afterProcessing?: boolean;
  /** The rule applies to the next `times` requests only, then disappears. */
  times?: number;
}

export interface NotificationFaultRule {
  /** Share of notifications never sent (and never retried: DOKU thinks it delivered). */
  dropRate?: number;
  /** Share of notifications sent twice. */
  duplicateRate?: number;
  /** Every notification is held this long before its first attempt (ms). */
  delayMs?: number;
  /** Hold each notification until the next one and send the pair in reverse order. */
  reorder?: boolean;
  /** With reorder: send a held notification alone after this long (default 1000 ms). */
  reorderWindowMs?: number;
  /** Share of notifications whose X-SIGNATURE is wrong. */
  badSignatureRate?: number;
  /** The rule applies to the next `times` notifications only. */
  times?: number;
}

export class FaultRuleError extends Error {}

const ENDPOINT_KEYS = new Set([
  'latencyMs',
  'jitterMs',
  'errorRate',
  'errorStatus',
  'errorResponseCode',
  'errorMessage',
  'timeoutRate',
  'hangUpAfterMs',
  'malformedRate',
  'afterProcessing',
  'times',
]);
const NOTIFICATION_KEYS = new Set([
  'dropRate',
  'duplicateRate',
  'delayMs',
  'reorder',
  'reorderWindowMs',
  'badSignatureRate',
  'times',
]);

function rate(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !(v >= 0 && v <= 1))
    throw new FaultRuleError(`${name} must be a number from 0 to 1`);
  return v;
}

function nonNegative(v: unknown, name: string, integer = false): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (integer && !Number.isInteger(v))) {
    throw new FaultRuleError(`${name} must be a non-negative ${integer ? 'integer' : 'number'}`);
  }
  return v;
}

function onlyKnownKeys(input: Record<string, unknown>, known: Set<string>): void {
  for (const key of Object.keys(input))
    if (!known.has(key)) throw new FaultRuleError(`unknown fault setting "${key}"`);
}

export function isEndpointSelector(v: string): v is EndpointSelector {
  return v === '*' || (SIMULATED_ENDPOINTS as readonly string[]).includes(v);
}

export function parseEndpointRule(input: unknown): EndpointFaultRule {
  if (!input || typeof input !== 'object' || Array.isArray(input))
    throw new FaultRuleError('a fault rule is a JSON object');
  const i = input as Record<string, unknown>;
  onlyKnownKeys(i, ENDPOINT_KEYS);
  const errorStatus = nonNegative(i.errorStatus, 'errorStatus', true);
  if (errorStatus !== undefined && (errorStatus < 400 || errorStatus > 599))
    throw new FaultRuleError('errorStatus must be 400-599');
  if (
    i.errorResponseCode !== undefined &&
    (typeof i.errorResponseCode !== 'string' || !/^\d{7}$/.test(i.errorResponseCode))
  ) {
    throw new FaultRuleError('errorResponseCode must be 7 digits');
  }
  if (i.errorMessage !== undefined && typeof i.errorMessage !== 'string')
    throw new FaultRuleError('errorMessage must be a string');
  if (i.afterProcessing !== undefined && typeof i.afterProcessing !== 'boolean')
    throw new FaultRuleError('afterProcessing must be a boolean');
  const rule: EndpointFaultRule = {
    latencyMs: nonNegative(i.latencyMs, 'latencyMs'),
    jitterMs: nonNegative(i.jitterMs, 'jitterMs'),
    errorRate: rate(i.errorRate, 'errorRate'),
    errorStatus,
    errorResponseCode: i.errorResponseCode as string | undefined,
    errorMessage: i.errorMessage as string | undefined,
    timeoutRate: rate(i.timeoutRate, 'timeoutRate'),
    hangUpAfterMs: nonNegative(i.hangUpAfterMs, 'hangUpAfterMs'),
    malformedRate: rate(i.malformedRate, 'malformedRate'),
    afterProcessing: i.afterProcessing as boolean | undefined,
    times: nonNegative(i.times, 'times', true),
  };
  return stripUndefined(rule);
}

export function parseNotificationRule(input: unknown): NotificationFaultRule {
  if (!input || typeof input !== 'object' || Array.isArray(input))
    throw new FaultRuleError('a fault rule is a JSON object');
  const i = input as Record<string, unknown>;
  onlyKnownKeys(i, NOTIFICATION_KEYS);
  if (i.reorder !== undefined && typeof i.reorder !== 'boolean')
    throw new FaultRuleError('reorder must be a boolean');
  return stripUndefined({
    dropRate: rate(i.dropRate, 'dropRate'),
    duplicateRate: rate(i.duplicateRate, 'duplicateRate'),
    delayMs: nonNegative(i.delayMs, 'delayMs'),
    reorder: i.reorder as boolean | undefined,
    reorderWindowMs: nonNegative(i.reorderWindowMs, 'reorderWindowMs'),
    badSignatureRate: rate(i.badSignatureRate, 'badSignatureRate'),
    times: nonNegative(i.times, 'times', true),
  });
}

function stripUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as Array<keyof T>) if (o[k] === undefined) delete o[k];
  return o;
}

/** The responseCode of an injected error when none was chosen: status + service + case. */
export function defaultErrorResponseCode(endpoint: SimulatedEndpoint, status: number): string {
  const caseCode = status === 500 ? '01' : '00';
  return `${status}${SNAP_SERVICE_CODES[endpoint]}${caseCode}`;
}
