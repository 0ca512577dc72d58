import { apiKeys, bool, int, oneOf, pem, str, url, type VarSpec } from './env-schema.js';

const SECRET_WEBHOOK = /^whsec_[A-Za-z0-9+/=]{24,}$/;

/** Every environment variable the service reads, with its parser, default and doc. */
export const ENV_VARS = {
  NODE_ENV: oneOf(
    'Runtime mode; `production` refuses to start the embedded database or the simulator.',
    ['development', 'production', 'test'] as const,
    'development',
  ),
  HOST: str('Interface the HTTP server binds to.', { default: '0.0.0.0' }),
  PORT: int('HTTP port of the service (0 picks a free one).', {
    default: 3000,
    min: 0,
    max: 65535,
  }),
  METRICS_PORT: int(
    'Serve `GET /metrics` on this port (on HOST) instead of PORT, and not on PORT: keep it off the public port. Unset: `/metrics` on PORT. 0 picks a free one.',
    { min: 0, max: 65535 },
  ),
  API_DOCS: {
    ...oneOf(
      'Who may read the API docs (`/docs`, `/docs/openapi.json`): `public`; `admin` (an admin API key as `Authorization: Bearer <key>`, or as the password of HTTP Basic auth so a browser asks for it); `off` (not served). Default: `public`, and `off` when NODE_ENV=production.',
      ['off', 'public', 'admin'] as const,
      'public',
    ),
    default: undefined,
  },
  PUBLIC_URL: url(
    'The URL the service is reached at (used for printed links and the notification URL given to the simulator). Default: `http://localhost:<PORT>`.',
  ),
  LOG_LEVEL: oneOf(
    'Log level of the JSON logs.',
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
    'info',
  ),
  HTTP_ACCESS_LOG: bool('Log one line per HTTP request.', true),
  HTTP_ACCESS_LOG_PROBES: bool(
    'Access-log the probes and scrapes too (`/health/live`, `/health/ready`, `/metrics`): off, a readiness probe every few seconds would drown the requests.',
    false,
  ),
  LOG_REQUEST_CONTEXT: bool(
    "Carry the request id into every log line written while a request runs (AsyncLocalStorage). On Node 24 (what npm scripts run) its cost is under 5 % of create-order throughput, within the noise (-1 % to +3 %, docs/benchmarks.md); on Node 20 it cost 5-35 % (~90 us of CPU per order). With false, the access line and a failed request's error line still carry the request id; the application's other lines do not.",
    true,
  ),
  DATA_DIR: str(
    'Folder for local state: the embedded PostgreSQL, dev credentials and the state and URL of the dev simulator.',
    {
      default: '.data',
    },
  ),

  DATABASE_URL: url(
    'PostgreSQL connection URL. Unset: an embedded PostgreSQL is started with data under `DATA_DIR/postgres`.',
    { protocols: ['postgres:', 'postgresql:'] },
  ),
  DATABASE_START_TIMEOUT_MS: int(
    'How long the start waits for `DATABASE_URL` to answer (the server may still be starting) before it exits 1 naming its host and port.',
    { default: 10000, min: 0, max: 600000 },
  ),
  DATABASE_POOL_SIZE: int('Connections in the pool of each replica.', {
    default: 10,
    min: 1,
    max: 500,
  }),
  DATABASE_PREPARED_STATEMENTS: bool(
    "Send the hot statements (a new order, every order transition, the reconciler's claim and next polls) as named prepared statements, parsed and planned once per connection: about half the database CPU of a new order. Set false behind a connection pooler in transaction mode that cannot keep them (PgBouncer before 1.21, or without `max_prepared_statements`).",
    true,
  ),
  DATABASE_RUN_MIGRATIONS: bool(
    'Apply pending migrations at start (under an advisory lock, so replicas can start together).',
    true,
  ),

  DOKU_BASE_URL: url(
    'DOKU API base URL (`https://api-sandbox.doku.com` or `https://api.doku.com`). With the other DOKU_* variables unset, the in-repo simulator is started instead.',
  ),
  DOKU_CLIENT_ID: str('DOKU client id (X-PARTNER-ID / X-CLIENT-KEY).', { file: true }),
  DOKU_CLIENT_SECRET: str('DOKU client secret (HMAC key of transaction calls).', {
    secret: true,
    file: true,
  }),
  DOKU_PRIVATE_KEY: pem('Merchant RSA private key (PEM) for the token call.', 'private'),
  DOKU_PUBLIC_KEY: pem("DOKU's RSA public key(s) (PEM) to verify notifications.", 'public', true),
  DOKU_MERCHANT_ID: str('Merchant id at DOKU (`merchantId` in requests).', { file: true }),
  DOKU_NOTIFICATION_MODE: oneOf(
    'How DOKU signs notifications: `auto` (token then HMAC when `Authorization` is sent, SNAP RSA otherwise), or pinned to `asymmetric` (RSA) or `symmetric` (token then HMAC).',
    ['auto', 'asymmetric', 'symmetric'] as const,
    'auto',
  ),
  DOKU_TIMEOUT_MS: int('Timeout of one DOKU call.', { default: 10000, min: 100, max: 120000 }),
  DOKU_TERMINAL_ID: str('Default terminal id sent on generate (3-16 alphanumeric).', {
    default: 'A01',
    pattern: /^[A-Za-z0-9]{3,16}$/,
    expected: '3 to 16 letters or digits',
  }),

  SERVICE_API_KEYS: apiKeys(
    'API keys of shop backends (`Authorization: Bearer <key>`), comma-separated, `id:key` or `key`. Generated in dev mode.',
  ),
  ADMIN_API_KEYS: apiKeys(
    'API keys of admins for `/admin/...`, same format. Generated in dev mode.',
  ),
  ADMIN_KEY_ROLES: {
    doc: 'Role of each admin key id, comma-separated `id:role`: `viewer` (reads only) or `operator` (also refunds, cancels, resends webhooks, reconciles, approves refunds). A key not listed is an `operator`.',
    expected: 'comma-separated `id:viewer` or `id:operator`',
    parse: (raw: string) => {
      const roles: Record<string, 'viewer' | 'operator'> = {};
      for (const item of raw
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)) {
        const m = /^([A-Za-z0-9_.-]{1,64}):(viewer|operator)$/.exec(item);
        if (!m) return undefined;
        roles[m[1]] = m[2] as 'viewer' | 'operator';
      }
      return Object.keys(roles).length > 0 ? roles : undefined;
    },
  } as VarSpec<Record<string, 'viewer' | 'operator'>>,
  ADMIN_SESSION_TTL_SECONDS: int(
    'Lifetime of an admin console session (the cookie and its server-side row), from sign-in.',
    { default: 28800, min: 60, max: 604800 },
  ),
  REFUND_APPROVAL_THRESHOLD: int(
    "Refunds above this amount (minor units) need a second operator's approval (maker-checker); 0 = never.",
    { default: 0, min: 0, max: 100_000_000_000 },
  ),

  WEBHOOK_URL: url("The shop backend's webhook URL. Unset: events are stored but not delivered."),
  WEBHOOK_SECRETS: {
    ...str(
      'Webhook signing secrets (`whsec_...`, comma-separated): every delivery carries one signature per secret, so a shop can rotate. Required with WEBHOOK_URL; generated in dev mode.',
      { secret: true, file: true },
    ),
    expected: 'comma-separated `whsec_<base64>` secrets',
    parse: (raw: string) => {
      const s = raw
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
      return s.length > 0 && s.every((x) => SECRET_WEBHOOK.test(x)) ? s.join(',') : undefined;
    },
  } as VarSpec<string>,
  WEBHOOK_TIMEOUT_MS: int('Timeout of one webhook delivery attempt.', {
    default: 10000,
    min: 100,
    max: 60000,
  }),
  WEBHOOK_MAX_ATTEMPTS: int('Delivery attempts before a webhook is dead-lettered.', {
    default: 12,
    min: 1,
    max: 50,
  }),
  WEBHOOK_BACKOFF_BASE_MS: int(
    'First retry delay; each next one is three times longer, capped at 12 h, with ±20% jitter (the default 12 attempts span about three days).',
    { default: 60000, min: 1, max: 86400000 },
  ),
  WEBHOOK_DISPATCH_INTERVAL_MS: int('How often the outbox dispatcher looks for due webhooks.', {
    default: 1000,
    min: 10,
    max: 600000,
  }),

  ORDER_DEFAULT_EXPIRY_SECONDS: int('Validity of a QR when the shop does not say.', {
    default: 900,
    min: 60,
    max: 2592000,
  }),
  ORDER_MAX_EXPIRY_SECONDS: int('Longest validity a shop may ask for.', {
    default: 86400,
    min: 60,
    max: 2592000,
  }),
  ORDER_MAX_AMOUNT: int(
    'Largest order in minor units (sen). Default: QRIS per-transaction limit of Rp 10,000,000.',
    { default: 1_000_000_000, min: 100, max: 100_000_000_000 },
  ),

  RECONCILER_ENABLED: bool('Run the reconciler sweep in this replica.', true),
  RECONCILER_INTERVAL_MS: int('How often the reconciler sweeps.', {
    default: 3000,
    min: 50,
    max: 600000,
  }),
  RECONCILER_BATCH_SIZE: int(
    'Orders claimed at a time (one claim statement; a sweep repeats claims while orders are due).',
    { default: 100, min: 1, max: 5000 },
  ),
  RECONCILER_CONCURRENCY: int('DOKU queries in flight per replica.', {
    default: 8,
    min: 1,
    max: 256,
  }),
  RECONCILER_RATE_LIMIT_PER_SECOND: int(
    'Global limit of reconciler DOKU calls (queries and cancels) per second across all replicas (0 = none).',
    { default: 50, min: 0, max: 100000 },
  ),

  RETENTION_IDEMPOTENCY_KEYS_DAYS: int(
    'Days an idempotency key is kept after it was first used, once its answer is final (0 = forever). A retry with the same key after that creates a new resource. Keys whose outcome is still in flight or unknown are never pruned.',
    { default: 7, min: 0, max: 3650 },
  ),
  RETENTION_WEBHOOK_DELIVERIES_DAYS: int(
    'Days a delivered webhook event (its deliveries and attempts) is kept after its last successful delivery (0 = forever). Pending and dead-lettered webhooks are never pruned.',
    { default: 30, min: 0, max: 3650 },
  ),
  RETENTION_INTERVAL_MS: int(
    'How often the retention sweep prunes (at most 5 batches of 1000 rows per table a run).',
    { default: 60000, min: 1000, max: 86400000 },
  ),
} satisfies Record<string, VarSpec<unknown>>;

export type EnvVarName = keyof typeof ENV_VARS;
