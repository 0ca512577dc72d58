import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ApiKey, AppConfig } from './app-config.js';
import type { VarSpec } from './env-schema.js';
import { ENV_VARS, type EnvVarName } from './env-vars.js';

// Variables without a default (PUBLIC_URL, DATABASE_URL, DOKU_*, keys, WEBHOOK_*) may be
// undefined at run time; the code below treats them so.
type Values = { [K in EnvVarName]: (typeof ENV_VARS)[K] extends VarSpec<infer T> ? T : never };

export interface ConfigProblem {
  variable: string;
  expected: string;
}

/** Thrown by `loadConfig`; its message names every bad variable, never a secret value. */
export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p.variable}: expected ${p.expected}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

const DOKU_GROUP: EnvVarName[] = [
  'DOKU_BASE_URL',
  'DOKU_CLIENT_ID',
  'DOKU_CLIENT_SECRET',
  'DOKU_PRIVATE_KEY',
  'DOKU_PUBLIC_KEY',
  'DOKU_MERCHANT_ID',
];

/**
 * Reads and validates the environment once. Collects every problem before failing, so an
 * operator fixes them in one go. `*_FILE` variants name a file holding a secret.
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): AppConfig {
  const problems: ConfigProblem[] = [];
  const values: Partial<Record<EnvVarName, unknown>> = {};

  for (const [name, spec] of Object.entries(ENV_VARS) as [
    EnvVarName,
    (typeof ENV_VARS)[EnvVarName],
  ][]) {
    let raw = env[name];
    const fileVar = `${name}_FILE`;
    if (
      'fileVariant' in spec &&
      spec.fileVariant &&
      env[fileVar] !== undefined &&
      env[fileVar] !== ''
    ) {
      if (raw !== undefined && raw !== '') {
        problems.push({ variable: name, expected: `either ${name} or ${fileVar}, not both` });
        continue;
      }
      try {
        raw = readFile(env[fileVar] as string);
      } catch {
        problems.push({ variable: fileVar, expected: 'the path of a readable file' });
        continue;
      }
    }
    if (raw === undefined || raw === '') {
      values[name] = spec.default;
      continue;
    }
    const parsed = spec.parse(raw);
    if (parsed === undefined) {
      problems.push({ variable: name, expected: spec.expected });
      continue;
    }
    values[name] = parsed;
  }

  const v = values as Values;
  const setInEnv = (n: EnvVarName) => Boolean(env[n] || env[`${n}_FILE`]);
  const dokuSet = DOKU_GROUP.filter(setInEnv);
  if (dokuSet.length > 0 && dokuSet.length < DOKU_GROUP.length) {
    for (const missing of DOKU_GROUP.filter((n) => !setInEnv(n))) {
      problems.push({
        variable: missing,
        expected: `to be set too: the DOKU credentials are a group (${dokuSet.join(', ')} ${dokuSet.length === 1 ? 'is' : 'are'} set); set all of ${DOKU_GROUP.join(', ')}, or none to use the simulator`,
      });
    }
  }
  const production = v.NODE_ENV === 'production';
  if (production) {
    if (!env.DATABASE_URL)
      problems.push({
        variable: 'DATABASE_URL',
        expected: 'to be set when NODE_ENV=production (the embedded database is for development)',
      });
    if (dokuSet.length === 0)
      problems.push({
        variable: 'DOKU_BASE_URL',
        expected: 'DOKU credentials when NODE_ENV=production (the simulator is for development)',
      });
    if (!v.SERVICE_API_KEYS)
      problems.push({
        variable: 'SERVICE_API_KEYS',
        expected: 'at least one key when NODE_ENV=production',
      });
    if (!v.ADMIN_API_KEYS)
      problems.push({
        variable: 'ADMIN_API_KEYS',
        expected: 'at least one key when NODE_ENV=production',
      });
  }
  if (v.WEBHOOK_URL && !v.WEBHOOK_SECRETS && dokuSet.length > 0) {
    problems.push({
      variable: 'WEBHOOK_SECRETS',
      expected: 'at least one secret when WEBHOOK_URL is set (shops verify every webhook with it)',
    });
  }
  if (v.ADMIN_KEY_ROLES && v.ADMIN_API_KEYS) {
    const ids = new Set(parseApiKeys(v.ADMIN_API_KEYS).map((k) => k.id));
    const unknown = Object.keys(v.ADMIN_KEY_ROLES).filter((id) => !ids.has(id));
    if (unknown.length > 0)
      problems.push({
        variable: 'ADMIN_KEY_ROLES',
        expected: `ids of ADMIN_API_KEYS (${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not one)`,
      });
  }
  if (v.ORDER_DEFAULT_EXPIRY_SECONDS > v.ORDER_MAX_EXPIRY_SECONDS) {
    problems.push({
      variable: 'ORDER_DEFAULT_EXPIRY_SECONDS',
      expected: `at most ORDER_MAX_EXPIRY_SECONDS (${v.ORDER_MAX_EXPIRY_SECONDS})`,
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const dokuDefaults = {
    timeoutMs: v.DOKU_TIMEOUT_MS,
    terminalId: v.DOKU_TERMINAL_ID,
    notificationMode: v.DOKU_NOTIFICATION_MODE,
  };
  return {
    nodeEnv: v.NODE_ENV,
    http: {
      host: v.HOST!,
      port: v.PORT,
      publicUrl: v.PUBLIC_URL,
      accessLog: v.HTTP_ACCESS_LOG,
      accessLogProbes: v.HTTP_ACCESS_LOG_PROBES,
    },
    metrics: { port: v.METRICS_PORT },
    // The docs name every route and error: public in development, opt-in in production.
    apiDocs: v.API_DOCS ?? (production ? 'off' : 'public'),
    logLevel: v.LOG_LEVEL,
    logRequestContext: v.LOG_REQUEST_CONTEXT,
    dataDir: v.DATA_DIR!,
    database: {
      url: v.DATABASE_URL,
      startTimeoutMs: v.DATABASE_START_TIMEOUT_MS,
      poolSize: v.DATABASE_POOL_SIZE,
      runMigrations: v.DATABASE_RUN_MIGRATIONS,
      preparedStatements: v.DATABASE_PREPARED_STATEMENTS,
    },
    doku:
      dokuSet.length === DOKU_GROUP.length
        ? {
            baseUrl: v.DOKU_BASE_URL!,
            clientId: v.DOKU_CLIENT_ID!,
            clientSecret: v.DOKU_CLIENT_SECRET!,
            privateKeyPem: v.DOKU_PRIVATE_KEY![0],
            publicKeyPems: v.DOKU_PUBLIC_KEY!,
            merchantId: v.DOKU_MERCHANT_ID!,
            ...dokuDefaults,
          }
        : undefined,
    dokuDefaults,
    auth: {
      serviceKeys: parseApiKeys(v.SERVICE_API_KEYS ?? []),
      adminKeys: parseApiKeys(v.ADMIN_API_KEYS ?? []),
      adminRoles: v.ADMIN_KEY_ROLES ?? {},
      sessionTtlSeconds: v.ADMIN_SESSION_TTL_SECONDS,
    },
    refunds: { approvalThresholdMinor: v.REFUND_APPROVAL_THRESHOLD },
    webhooks: {
      url: v.WEBHOOK_URL,
      secrets: v.WEBHOOK_SECRETS ? v.WEBHOOK_SECRETS.split(',') : [],
      timeoutMs: v.WEBHOOK_TIMEOUT_MS,
      maxAttempts: v.WEBHOOK_MAX_ATTEMPTS,
      backoffBaseMs: v.WEBHOOK_BACKOFF_BASE_MS,
      dispatchIntervalMs: v.WEBHOOK_DISPATCH_INTERVAL_MS,
    },
    orders: {
      defaultExpirySeconds: v.ORDER_DEFAULT_EXPIRY_SECONDS,
      maxExpirySeconds: v.ORDER_MAX_EXPIRY_SECONDS,
      maxAmountMinor: v.ORDER_MAX_AMOUNT,
    },
    reconciler: {
      enabled: v.RECONCILER_ENABLED,
      intervalMs: v.RECONCILER_INTERVAL_MS,
      batchSize: v.RECONCILER_BATCH_SIZE,
      concurrency: v.RECONCILER_CONCURRENCY,
      ratePerSecond: v.RECONCILER_RATE_LIMIT_PER_SECOND,
    },
    retention: {
      idempotencyKeyDays: v.RETENTION_IDEMPOTENCY_KEYS_DAYS,
      webhookDays: v.RETENTION_WEBHOOK_DELIVERIES_DAYS,
      intervalMs: v.RETENTION_INTERVAL_MS,
    },
  };
}

/** `id:key` or a bare key (its id becomes `key_<sha256 prefix>`, never the key itself). */
export function parseApiKeys(items: string[]): ApiKey[] {
  return items.map((item) => {
    const i = item.indexOf(':');
    if (i > 0 && i < item.length - 1 && /^[A-Za-z0-9_.-]{1,64}$/.test(item.slice(0, i))) {
      return { id: item.slice(0, i), key: item.slice(i + 1) };
    }
    return { id: `key_${createHash('sha256').update(item).digest('hex').slice(0, 12)}`, key: item };
  });
}
