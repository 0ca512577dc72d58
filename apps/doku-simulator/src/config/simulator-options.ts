// The simulator's public options (a fixed contract: the payment service and the client's
// tests start it with these) and their resolution into a fully defaulted, validated form.
import { createPublicKey, createPrivateKey } from 'node:crypto';

export interface SimulatorClient {
  clientId: string;
  clientSecret: string;
  /** The merchant's public key(s): several during a key rotation. */
  publicKeyPem: string | string[];
}

export interface SimulatorMerchant {
  merchantId: string;
  name: string;
  city: string;
  postalCode: string;
  mcc?: string;
  nmid?: string;
  /** QRIS merchant criteria (UMI, UKE, UME, UBE, URE); default UMI. */
  criteria?: string;
}

export type NotificationMode = 'asymmetric' | 'symmetric';

/**
 * How the B2B token answer types `expiresIn` and `additionalInfo`: `sdk` (default) as DOKU's
 * own SDKs read them (a number, and a string: their PHP SDK throws on an object, their Go
 * SDK cannot read a string `expiresIn`); `snap-text` as SNAP's text shows them (`"900"`, `{}`).
 */
export type TokenAnswerStyle = 'sdk' | 'snap-text';

export interface SimulatorOptions {
  /** 0 = a free port (default). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Registered merchants (SNAP clients). */
  clients: SimulatorClient[];
  merchant?: SimulatorMerchant;
  /** The simulator's ("DOKU's") private key: signs notifications and its token requests. */
  dokuPrivateKeyPem: string;
  /** Merchant URL for qr-mpm-notify; can be changed at runtime. */
  notificationUrl?: string;
  notificationMode?: NotificationMode;
  /** B2B token lifetime; default 900 (DOKU's). */
  tokenTtlSeconds?: number;
  /** DOKU retries at +30 min, +6 h, +12 h, multiplied by this factor (default 1). */
  notificationRetryTimeFactor?: number;
  /** Seed of the fault injector's random streams. */
  seed?: number;
  /** Nest's logger (boot and errors only; requests are never logged). Default false. */
  logger?: boolean;

  // Beyond the contract: knobs for tests that need them.
  /** `echo` (DOKU's samples): referenceNo = partnerReferenceNo; `distinct`: DOKU's own 32-hex id. */
  referenceNoStyle?: 'echo' | 'distinct';
  /** `sample` (default): numbers where DOKU's samples show numbers; `string`: SNAP's "1200.00" everywhere. */
  amountStyle?: 'sample' | 'string';
  /** Accepted X-TIMESTAMP skew; default 300 s; 0 disables the check. */
  timestampWindowSeconds?: number;
  /** Symmetric notifications: the merchant's token URL; default: notificationUrl's origin + `/authorization/v1/access-token/b2b`. */
  notificationTokenUrl?: string;
  /** The X-CLIENT-KEY / X-PARTNER-ID the simulator presents in symmetric mode; default the client's own id. */
  dokuClientId?: string;
  /** Per-attempt timeout of a notification POST; default 10 000 ms. */
  notificationTimeoutMs?: number;
  /** Largest QR amount in minor units; default Rp 10,000,000.00 (QRIS's per-transaction cap). */
  maxAmountMinor?: number;
  /** How many X-EXTERNAL-IDs are remembered for replay (oldest forgotten first); default 200 000. */
  externalIdCapacity?: number;
  /** B2B2C customer token lifetime; default 900 s. */
  customerTokenTtlSeconds?: number;
  /** `sdk` (default): `"expiresIn":900,"additionalInfo":""`; `snap-text`: `"900"` and `{}`. */
  tokenAnswerStyle?: TokenAnswerStyle;
  /**
   * A JSON file keeping what DOKU would remember across a restart (QRs, payments, refunds,
   * notifications, live tokens); loaded at start, rewritten atomically on change. Default
   * none: state is in memory only.
   */
  stateFile?: string;
}

export interface ResolvedClient {
  clientId: string;
  clientSecret: string;
  publicKeyPems: string[];
}

export interface ResolvedMerchant {
  merchantId: string;
  name: string;
  city: string;
  postalCode: string;
  mcc: string;
  nmid: string;
  criteria: string;
}

export interface ResolvedOptions {
  port: number;
  host: string;
  clients: Map<string, ResolvedClient>;
  merchant: ResolvedMerchant;
  dokuPrivateKeyPem: string;
  dokuPublicKeyPem: string;
  notificationUrl: string | undefined;
  notificationMode: NotificationMode;
  tokenTtlSeconds: number;
  customerTokenTtlSeconds: number;
  notificationRetryTimeFactor: number;
  seed: number;
  logger: boolean;
  referenceNoStyle: 'echo' | 'distinct';
  amountStyle: 'sample' | 'string';
  timestampWindowMs: number;
  notificationTokenUrl: string | undefined;
  dokuClientId: string | undefined;
  notificationTimeoutMs: number;
  maxAmountMinor: number;
  externalIdCapacity: number;
  tokenAnswerStyle: TokenAnswerStyle;
  stateFile: string | undefined;
}

export const DEFAULT_MERCHANT: SimulatorMerchant = {
  merchantId: '2115',
  name: 'Green Pages',
  city: 'Jakarta',
  postalCode: '13120',
};

function fail(message: string): never {
  throw new TypeError(`doku-simulator: ${message}`);
}

function positiveNumber(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    fail(`${name} must be a positive number`);
  return value;
}

/** NMID as QRIS prints it: `ID` + 13 digits, derived from the merchant id when not configured. */
export function defaultNmid(merchantId: string): string {
  const digits = merchantId.replace(/\D/g, '').slice(-13);
  return `ID${'2020062200000'.slice(0, 13 - digits.length)}${digits}`;
}

/** Validates the options once, at start, with messages naming the option. */
export function resolveOptions(options: SimulatorOptions): ResolvedOptions {
  if (!options || !Array.isArray(options.clients) || options.clients.length === 0)
    fail('clients must list at least one client');
  const clients = new Map<string, ResolvedClient>();
  for (const c of options.clients) {
    if (!c.clientId || typeof c.clientId !== 'string') fail('every client needs a clientId');
    if (!c.clientSecret || typeof c.clientSecret !== 'string')
      fail(`client ${c.clientId} needs a clientSecret`);
    const pems =
      typeof c.publicKeyPem === 'string' ? [c.publicKeyPem] : [...(c.publicKeyPem ?? [])];
    if (pems.length === 0) fail(`client ${c.clientId} needs a publicKeyPem`);
    for (const pem of pems) {
      try {
        createPublicKey(pem);
      } catch {
        fail(`client ${c.clientId}: publicKeyPem is not a readable public key`);
      }
    }
    clients.set(c.clientId, {
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      publicKeyPems: pems,
    });
  }
  let dokuPublicKeyPem: string;
  try {
    dokuPublicKeyPem = createPublicKey(createPrivateKey(options.dokuPrivateKeyPem))
      .export({ type: 'spki', format: 'pem' })
      .toString();
  } catch {
    fail('dokuPrivateKeyPem is not a readable private key');
  }
  const m = { ...DEFAULT_MERCHANT, ...(options.merchant ?? {}) };
  if (!/^[\x20-\x7e]{1,64}$/.test(m.merchantId))
    fail('merchant.merchantId must be 1-64 printable characters');
  if (!m.name || m.name.length > 25) fail('merchant.name must be 1-25 characters (QRIS tag 59)');
  if (!m.city || m.city.length > 15) fail('merchant.city must be 1-15 characters (QRIS tag 60)');
  if (!/^[0-9A-Za-z]{1,10}$/.test(m.postalCode))
    fail('merchant.postalCode must be 1-10 letters or digits');
  const mcc = m.mcc ?? '5411';
  if (!/^\d{4}$/.test(mcc)) fail('merchant.mcc must be 4 digits');
  const nmid = m.nmid ?? defaultNmid(m.merchantId);
  if (!/^[0-9A-Z]{1,30}$/.test(nmid)) fail('merchant.nmid must be upper-case letters and digits');
  const criteria = m.criteria ?? 'UMI';
  if (!/^U(MI|KE|ME|BE|RE)$/.test(criteria))
    fail('merchant.criteria must be UMI, UKE, UME, UBE or URE');

  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail('port must be 0-65535');
  if (options.notificationUrl !== undefined) assertUrl(options.notificationUrl, 'notificationUrl');
  if (options.notificationTokenUrl !== undefined)
    assertUrl(options.notificationTokenUrl, 'notificationTokenUrl');
  const mode = options.notificationMode ?? 'asymmetric';
  if (mode !== 'asymmetric' && mode !== 'symmetric')
    fail('notificationMode must be asymmetric or symmetric');
  const tokenAnswerStyle = options.tokenAnswerStyle ?? 'sdk';
  if (tokenAnswerStyle !== 'sdk' && tokenAnswerStyle !== 'snap-text')
    fail('tokenAnswerStyle must be sdk or snap-text');
  if (
    options.stateFile !== undefined &&
    (typeof options.stateFile !== 'string' || !options.stateFile)
  )
    fail('stateFile must be a file path');
  const window = options.timestampWindowSeconds ?? 300;
  if (!Number.isFinite(window) || window < 0) fail('timestampWindowSeconds must be >= 0');

  return {
    port,
    host: options.host ?? '127.0.0.1',
    clients,
    merchant: {
      merchantId: m.merchantId,
      name: m.name,
      city: m.city,
      postalCode: m.postalCode,
      mcc,
      nmid,
      criteria,
    },
    dokuPrivateKeyPem: options.dokuPrivateKeyPem,
    dokuPublicKeyPem,
    notificationUrl: options.notificationUrl,
    notificationMode: mode,
    tokenTtlSeconds: positiveNumber(options.tokenTtlSeconds, 900, 'tokenTtlSeconds'),
    customerTokenTtlSeconds: positiveNumber(
      options.customerTokenTtlSeconds,
      900,
      'customerTokenTtlSeconds',
    ),
    notificationRetryTimeFactor: positiveNumber(
      options.notificationRetryTimeFactor,
      1,
      'notificationRetryTimeFactor',
    ),
    seed: options.seed ?? Date.now() & 0x7fffffff,
    logger: options.logger ?? false,
    referenceNoStyle: options.referenceNoStyle ?? 'echo',
    amountStyle: options.amountStyle ?? 'sample',
    timestampWindowMs: window * 1000,
    notificationTokenUrl: options.notificationTokenUrl,
    dokuClientId: options.dokuClientId,
    notificationTimeoutMs: positiveNumber(
      options.notificationTimeoutMs,
      10_000,
      'notificationTimeoutMs',
    ),
    maxAmountMinor: positiveNumber(options.maxAmountMinor, 1_000_000_000, 'maxAmountMinor'),
    externalIdCapacity: positiveNumber(options.externalIdCapacity, 200_000, 'externalIdCapacity'),
    tokenAnswerStyle,
    stateFile: options.stateFile,
  };
}

function assertUrl(value: string, name: string): void {
  try {
    const u = new URL(value);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') fail(`${name} must be an http(s) URL`);
  } catch {
    fail(`${name} must be an http(s) URL`);
  }
}

/** Nest injection token of the resolved options. */
export const SIMULATOR_OPTIONS = Symbol('SIMULATOR_OPTIONS');
