// Constructor and per-call options of DokuSnapClient.
import type { ExternalIdSource } from './external-id.js';
import type { HttpTransport } from './http/transport.js';
import type { SnapObservedOutcome } from './outcome.js';
import type { Clock, RandomSource, SnapLogger } from './ports.js';
import type { RetryPolicy } from './retry.js';
import type { TokenStore } from './token/token-store.js';

export interface DokuSnapClientOptions {
  /** `https://api-sandbox.doku.com`, `https://api.doku.com`, or the simulator's URL. */
  baseUrl: string;
  /** DOKU's Client ID: `X-PARTNER-ID` and `X-CLIENT-KEY`. */
  clientId: string;
  /** HMAC-SHA512 key of transaction calls. Never logged. */
  clientSecret: string;
  /** Our RSA private key (PEM) for the token call. Never logged. */
  privateKeyPem: string;
  /** DOKU's merchant id, sent as `merchantId`. */
  merchantId: string;
  /** `CHANNEL-ID` header (default `H2H`). */
  channelId?: string;
  /** Timeout of one HTTP attempt of a QR call (default 10 000 ms). */
  timeoutMs?: number;
  /** Timeout of one access-token request (default: timeoutMs). */
  tokenTimeoutMs?: number;
  /** Default retry policy (see DEFAULT_RETRY_POLICY); per call it can be overridden. */
  retry?: Partial<RetryPolicy>;
  /** Refresh the B2B token this long before it expires (default 60 000 ms). */
  tokenRefreshAheadMs?: number;
  /** Where the B2B token is kept (default: in memory, per client). */
  tokenStore?: TokenStore;
  /** Key under which the token is stored (default derived from baseUrl and clientId). */
  tokenStoreKey?: string;
  clock?: Clock;
  random?: RandomSource;
  /** HTTP transport (default: NodeHttpTransport with keep-alive). */
  transport?: HttpTransport;
  /** X-EXTERNAL-ID source (default: date + per-process random + counter). */
  externalIds?: ExternalIdSource;
  logger?: SnapLogger;
  /**
   * Called with the summary of every B2B token request sent to DOKU and of every call's
   * final outcome (never a token or a value), with the call's duration. For metrics and
   * health; a throw is ignored.
   */
  onOutcome?: (summary: SnapObservedOutcome) => void;
}

export interface CallOptions {
  /** Timeout of each HTTP attempt of this call. */
  timeoutMs?: number;
  /** Retry policy for this call (`{ maxAttempts: 1 }` = no retry). */
  retry?: Partial<RetryPolicy>;
  /**
   * The X-EXTERNAL-ID to send: pass the `externalId` of an earlier outcome to repeat the
   * same request (DOKU then answers from its idempotency record); default: a new one.
   */
  externalId?: string;
}
