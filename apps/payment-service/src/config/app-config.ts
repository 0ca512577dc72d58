// The typed, validated configuration. Built once at boot by `loadConfig`.

/**
 * How DOKU's notifications are verified: `auto` (default) takes the token-then-HMAC scheme
 * when the request carries `Authorization` and SNAP's RSA scheme otherwise; the other two
 * pin one scheme.
 */
export type NotificationMode = 'auto' | 'asymmetric' | 'symmetric';

export interface ApiKey {
  /** Stable id of the key (recorded as the actor of admin actions). Never the key itself. */
  id: string;
  key: string;
}

/** What an admin key may do: read, or also move money and resend (see ADMIN_KEY_ROLES). */
export type AdminRole = 'viewer' | 'operator';

export interface DokuConfig {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  privateKeyPem: string;
  /** DOKU's public keys for notification signatures (several during rotation). */
  publicKeyPems: string[];
  merchantId: string;
  notificationMode: NotificationMode;
  timeoutMs: number;
  terminalId: string;
}

export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  http: {
    host: string;
    port: number;
    publicUrl?: string;
    accessLog: boolean;
    /** Access-log `/health/*` and `/metrics` too (HTTP_ACCESS_LOG_PROBES). */
    accessLogProbes: boolean;
  };
  /** Own listener for `/metrics` (METRICS_PORT); unset: served on the main port. */
  metrics: { port?: number };
  /** Who may read `/docs` (API_DOCS). */
  apiDocs: 'off' | 'public' | 'admin';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Request id in every log line of a request (AsyncLocalStorage); see LOG_REQUEST_CONTEXT. */
  logRequestContext: boolean;
  dataDir: string;
  database: {
    url?: string;
    /** How long the start waits for DATABASE_URL to answer (DATABASE_START_TIMEOUT_MS). */
    startTimeoutMs: number;
    poolSize: number;
    runMigrations: boolean;
    /** Hot statements as named prepared statements (database/sql.ts `prepared`). */
    preparedStatements: boolean;
  };
  /** Unset in dev mode: the bootstrap starts the simulator and fills it in. */
  doku?: DokuConfig;
  dokuDefaults: {
    timeoutMs: number;
    terminalId: string;
    notificationMode: NotificationMode;
  };
  auth: {
    serviceKeys: ApiKey[];
    adminKeys: ApiKey[];
    /** Role per admin key id; a key not listed is an operator. */
    adminRoles: Record<string, AdminRole>;
    sessionTtlSeconds: number;
  };
  /** Refunds above this amount (minor units) need a second operator; 0 = never. */
  refunds: { approvalThresholdMinor: number };
  webhooks: {
    url?: string;
    secrets: string[];
    timeoutMs: number;
    maxAttempts: number;
    backoffBaseMs: number;
    dispatchIntervalMs: number;
  };
  orders: { defaultExpirySeconds: number; maxExpirySeconds: number; maxAmountMinor: number };
  reconciler: {
    enabled: boolean;
    intervalMs: number;
    batchSize: number;
    concurrency: number;
    ratePerSecond: number;
  };
  /** How long finished rows are kept (0 = forever); see retention/. */
  retention: {
    idempotencyKeyDays: number;
    webhookDays: number;
    intervalMs: number;
  };
}

/**
 * Dev mode only (the in-process simulator): the demo checkout at /demo (demo/). Unset
 * otherwise, and then none of its routes exist.
 */
export interface DemoConfig {
  /** The service key the demo's server routes create orders with (never sent to the page). */
  serviceKey: string;
  /** The in-process simulator, for "pay with the simulator". */
  simulatorUrl: string;
  /** No WEBHOOK_URL was set: webhooks go to the built-in inbox (POST /demo/webhook-inbox). */
  inbox: boolean;
}

/** The configuration the running service sees: DOKU and keys are always resolved. */
export type ServiceConfig = AppConfig & { doku: DokuConfig; demo?: DemoConfig };

export const APP_CONFIG = Symbol('APP_CONFIG');
