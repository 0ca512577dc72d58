import { ConfigError, loadConfig, parseApiKeys } from './load-config.js';

const PRIVATE_PEM = '-----BEGIN PRIVATE KEY-----\nMIIsecretsecretsecret\n-----END PRIVATE KEY-----';
const PUBLIC_PEM = '-----BEGIN PUBLIC KEY-----\nMIIpublic\n-----END PUBLIC KEY-----';
const DOKU = {
  DOKU_BASE_URL: 'https://api-sandbox.doku.com',
  DOKU_CLIENT_ID: 'BRN-0001',
  DOKU_CLIENT_SECRET: 'SK-very-secret-value',
  DOKU_PRIVATE_KEY: PRIVATE_PEM,
  DOKU_PUBLIC_KEY: PUBLIC_PEM,
  DOKU_MERCHANT_ID: '2115',
};

function problemsOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env, () => {
      throw new Error('no file');
    });
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('starts with no configuration at all: dev mode, embedded database, defaults', () => {
    const c = loadConfig({});
    expect(c.http.port).toBe(3000);
    expect(c.database.url).toBeUndefined();
    expect(c.doku).toBeUndefined();
    expect(c.orders.maxAmountMinor).toBe(1_000_000_000);
    expect(c.database.runMigrations).toBe(true);
  });

  it('keeps idempotency keys 7 days and delivered webhooks 30 days unless configured', () => {
    expect(loadConfig({}).retention).toEqual({
      idempotencyKeyDays: 7,
      webhookDays: 30,
      intervalMs: 60_000,
    });
    expect(
      loadConfig({ RETENTION_IDEMPOTENCY_KEYS_DAYS: '0', RETENTION_WEBHOOK_DELIVERIES_DAYS: '90' })
        .retention,
    ).toMatchObject({ idempotencyKeyDays: 0, webhookDays: 90 });
    const err = problemsOf({
      RETENTION_IDEMPOTENCY_KEYS_DAYS: '-1',
      RETENTION_WEBHOOK_DELIVERIES_DAYS: 'a month',
      RETENTION_INTERVAL_MS: '10',
    });
    expect(err.problems).toEqual([
      { variable: 'RETENTION_IDEMPOTENCY_KEYS_DAYS', expected: 'an integer >= 0 and <= 3650' },
      { variable: 'RETENTION_WEBHOOK_DELIVERIES_DAYS', expected: 'an integer >= 0 and <= 3650' },
      { variable: 'RETENTION_INTERVAL_MS', expected: 'an integer >= 1000 and <= 86400000' },
    ]);
  });

  it('names the variable and what is expected for PORT=abc', () => {
    const err = problemsOf({ PORT: 'abc' });
    expect(err.problems).toEqual([{ variable: 'PORT', expected: 'an integer >= 0 and <= 65535' }]);
    expect(err.message).toContain('PORT: expected an integer');
  });

  it('reports every bad variable at once', () => {
    const err = problemsOf({
      PORT: '70000',
      LOG_LEVEL: 'loud',
      DATABASE_URL: 'mysql://x',
      RECONCILER_ENABLED: 'maybe',
    });
    expect(err.problems.map((p) => p.variable).sort()).toEqual([
      'DATABASE_URL',
      'LOG_LEVEL',
      'PORT',
      'RECONCILER_ENABLED',
    ]);
  });

  it('refuses a half-set DOKU credential group, naming the missing variables', () => {
    const err = problemsOf({ DOKU_BASE_URL: DOKU.DOKU_BASE_URL, DOKU_CLIENT_ID: 'x' });
    expect(err.problems.map((p) => p.variable).sort()).toEqual([
      'DOKU_CLIENT_SECRET',
      'DOKU_MERCHANT_ID',
      'DOKU_PRIVATE_KEY',
      'DOKU_PUBLIC_KEY',
    ]);
    expect(err.message).toContain('DOKU credentials are a group');
  });

  it('never prints a secret value, even when it is malformed', () => {
    const err = problemsOf({
      ...DOKU,
      DOKU_PRIVATE_KEY: 'not-a-pem-but-secret-xyz',
      SERVICE_API_KEYS: 'short-secret-key',
    });
    expect(err.problems.map((p) => p.variable).sort()).toEqual([
      'DOKU_PRIVATE_KEY',
      'SERVICE_API_KEYS',
    ]);
    expect(err.message).not.toContain('not-a-pem-but-secret-xyz');
    expect(err.message).not.toContain('short-secret-key');
    expect(err.message).not.toContain('SK-very-secret-value');
  });

  it('reads DOKU credentials, several public keys and secrets from *_FILE', () => {
    const files: Record<string, string> = {
      '/run/secret': 'SK-from-file\n',
      '/run/priv.pem': PRIVATE_PEM,
      '/run/pub.pem': `${PUBLIC_PEM}\n${PUBLIC_PEM}`,
    };
    const c = loadConfig(
      {
        ...DOKU,
        DOKU_CLIENT_SECRET: undefined,
        DOKU_CLIENT_SECRET_FILE: '/run/secret',
        DOKU_PRIVATE_KEY: undefined,
        DOKU_PRIVATE_KEY_FILE: '/run/priv.pem',
        DOKU_PUBLIC_KEY: undefined,
        DOKU_PUBLIC_KEY_FILE: '/run/pub.pem',
      },
      (p) => files[p],
    );
    expect(c.doku?.clientSecret).toBe('SK-from-file');
    expect(c.doku?.privateKeyPem).toBe(PRIVATE_PEM);
    expect(c.doku?.publicKeyPems).toHaveLength(2);
  });

  it('refuses both NAME and NAME_FILE, and an unreadable file', () => {
    expect(
      problemsOf({ DOKU_CLIENT_SECRET: 'a', DOKU_CLIENT_SECRET_FILE: '/x' }).problems[0],
    ).toEqual({
      variable: 'DOKU_CLIENT_SECRET',
      expected: 'either DOKU_CLIENT_SECRET or DOKU_CLIENT_SECRET_FILE, not both',
    });
    expect(problemsOf({ ADMIN_API_KEYS_FILE: '/missing' }).problems[0].variable).toBe(
      'ADMIN_API_KEYS_FILE',
    );
  });

  it('requires a real database, DOKU and API keys in production', () => {
    const err = problemsOf({ NODE_ENV: 'production' });
    expect(err.problems.map((p) => p.variable).sort()).toEqual([
      'ADMIN_API_KEYS',
      'DATABASE_URL',
      'DOKU_BASE_URL',
      'SERVICE_API_KEYS',
    ]);
  });

  it('accepts webhook secrets only in whsec_ form', () => {
    expect(problemsOf({ WEBHOOK_SECRETS: 'plain' }).problems[0].variable).toBe('WEBHOOK_SECRETS');
    const c = loadConfig({
      WEBHOOK_SECRETS:
        'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw,whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD',
    });
    expect(c.webhooks.secrets).toHaveLength(2);
  });
});

describe('loadConfig: the metrics listener and the API docs', () => {
  const production = {
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://u:p@db:5432/payments',
    SERVICE_API_KEYS: 'shop:sk_live_aaaaaaaaaaaaaaaaaaaaaaaa',
    ADMIN_API_KEYS: 'ops:ak_live_aaaaaaaaaaaaaaaaaaaaaaaa',
    ...DOKU,
  };

  it('serves /metrics on the main port unless METRICS_PORT is set, and validates it', () => {
    expect(loadConfig({}).metrics.port).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: '9464' }).metrics.port).toBe(9464);
    expect(problemsOf({ METRICS_PORT: '70000' }).problems).toEqual([
      { variable: 'METRICS_PORT', expected: 'an integer >= 0 and <= 65535' },
    ]);
  });

  it('serves the API docs publicly in development and not at all in production by default', () => {
    expect(loadConfig({}).apiDocs).toBe('public');
    expect(loadConfig({ NODE_ENV: 'test' }).apiDocs).toBe('public');
    expect(loadConfig(production).apiDocs).toBe('off');
    expect(loadConfig({ ...production, API_DOCS: 'admin' }).apiDocs).toBe('admin');
    expect(loadConfig({ API_DOCS: 'off' }).apiDocs).toBe('off');
    expect(problemsOf({ API_DOCS: 'private' }).problems).toEqual([
      { variable: 'API_DOCS', expected: 'one of off, public, admin' },
    ]);
  });
});

describe('parseApiKeys', () => {
  it('keeps named ids and derives an id for a bare key that never contains the key', () => {
    const [named, bare] = parseApiKeys([
      'shop-a:sk_live_aaaaaaaaaaaaaaaaaaaaaaaa',
      'sk_live_bbbbbbbbbbbbbbbbbbbbbbbb',
    ]);
    expect(named).toEqual({ id: 'shop-a', key: 'sk_live_aaaaaaaaaaaaaaaaaaaaaaaa' });
    expect(bare.id).toMatch(/^key_[0-9a-f]{12}$/);
    expect(bare.id).not.toContain('bbbb');
  });
});
