// `npm run simulator` configuration: read once from the environment, validated, with a
// message naming the variable when a value is bad. Keys and the client secret live as files
// in SIMULATOR_DATA_DIR (generated on first start, reused afterwards), so the payment
// service (or docker-compose) can point its DOKU_*_FILE variables at them.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { NotificationMode, SimulatorOptions, TokenAnswerStyle } from './simulator-options.js';

export class EnvError extends Error {}

export interface SimulatorEnv {
  options: SimulatorOptions;
  dataDir: string;
  files: Record<
    | 'clientId'
    | 'clientSecret'
    | 'merchantPrivateKey'
    | 'merchantPublicKey'
    | 'dokuPrivateKey'
    | 'dokuPublicKey',
    string
  >;
  generated: string[];
  initOnly: boolean;
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new EnvError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return n;
}

function positive(env: Env, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0)
    throw new EnvError(`${name} must be a positive number, got "${raw}"`);
  return n;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new EnvError(`${name} must be true or false, got "${raw}"`);
}

function readOrCreate(
  file: string,
  create: () => string,
  generated: string[],
  secret: boolean,
): string {
  if (existsSync(file))
    return readFileSync(file, 'utf8').trim() + (file.endsWith('.pem') ? '\n' : '');
  writeFileSync(file, create(), { mode: secret ? 0o600 : 0o644 });
  if (secret) chmodSync(file, 0o600);
  generated.push(file);
  return readFileSync(file, 'utf8').trim() + (file.endsWith('.pem') ? '\n' : '');
}

function readKeyFile(env: Env, name: string): string | undefined {
  const file = env[name];
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new EnvError(`${name}: cannot read ${file}`);
  }
}

export function loadSimulatorEnv(env: Env, argv: string[], cwd: string): SimulatorEnv {
  const dataDir = path.resolve(cwd, env.SIMULATOR_DATA_DIR || '.data/simulator');
  mkdirSync(dataDir, { recursive: true });
  const generated: string[] = [];
  const files = {
    clientId: path.join(dataDir, 'client-id'),
    clientSecret: path.join(dataDir, 'client-secret'),
    merchantPrivateKey: path.join(dataDir, 'merchant-private.pem'),
    merchantPublicKey: path.join(dataDir, 'merchant-public.pem'),
    dokuPrivateKey: path.join(dataDir, 'doku-private.pem'),
    dokuPublicKey: path.join(dataDir, 'doku-public.pem'),
  };
  const pair = () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return {
      priv: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      pub: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
  };
  const ensurePair = (privFile: string, pubFile: string) => {
    if (!existsSync(privFile)) {
      const p = pair();
      writeFileSync(privFile, p.priv, { mode: 0o600 });
      writeFileSync(pubFile, p.pub, { mode: 0o644 });
      generated.push(privFile, pubFile);
    }
  };

  const clientId =
    env.SIMULATOR_CLIENT_ID ||
    readOrCreate(
      files.clientId,
      () => `BRN-${randomBytes(6).toString('hex').toUpperCase()}`,
      generated,
      false,
    );
  const clientSecret =
    env.SIMULATOR_CLIENT_SECRET ||
    readOrCreate(
      files.clientSecret,
      () => `SK-${randomBytes(24).toString('base64url')}`,
      generated,
      true,
    );
  let merchantPublicKeyPem = readKeyFile(env, 'SIMULATOR_MERCHANT_PUBLIC_KEY_FILE');
  if (!merchantPublicKeyPem) {
    ensurePair(files.merchantPrivateKey, files.merchantPublicKey);
    merchantPublicKeyPem = readFileSync(files.merchantPublicKey, 'utf8');
  }
  let dokuPrivateKeyPem = readKeyFile(env, 'SIMULATOR_DOKU_PRIVATE_KEY_FILE');
  if (!dokuPrivateKeyPem) {
    ensurePair(files.dokuPrivateKey, files.dokuPublicKey);
    dokuPrivateKeyPem = readFileSync(files.dokuPrivateKey, 'utf8');
  }

  const mode = env.SIMULATOR_NOTIFICATION_MODE || 'asymmetric';
  if (mode !== 'asymmetric' && mode !== 'symmetric')
    throw new EnvError(
      `SIMULATOR_NOTIFICATION_MODE must be asymmetric or symmetric, got "${mode}"`,
    );
  const tokenAnswerStyle = env.SIMULATOR_TOKEN_ANSWER_STYLE || 'sdk';
  if (tokenAnswerStyle !== 'sdk' && tokenAnswerStyle !== 'snap-text')
    throw new EnvError(
      `SIMULATOR_TOKEN_ANSWER_STYLE must be sdk or snap-text, got "${tokenAnswerStyle}"`,
    );
  const notificationUrl = env.SIMULATOR_NOTIFICATION_URL || undefined;
  if (notificationUrl) {
    try {
      new URL(notificationUrl);
    } catch {
      throw new EnvError(`SIMULATOR_NOTIFICATION_URL must be a URL, got "${notificationUrl}"`);
    }
  }

  const options: SimulatorOptions = {
    port: int(env, 'SIMULATOR_PORT', 4010, 0, 65535),
    host: env.SIMULATOR_HOST || '127.0.0.1',
    clients: [{ clientId, clientSecret, publicKeyPem: merchantPublicKeyPem }],
    merchant: {
      merchantId: env.SIMULATOR_MERCHANT_ID || '2115',
      name: env.SIMULATOR_MERCHANT_NAME || 'Toko Demo',
      city: env.SIMULATOR_MERCHANT_CITY || 'Jakarta',
      postalCode: env.SIMULATOR_MERCHANT_POSTAL_CODE || '12190',
      ...(env.SIMULATOR_MERCHANT_NMID ? { nmid: env.SIMULATOR_MERCHANT_NMID } : {}),
      ...(env.SIMULATOR_MERCHANT_MCC ? { mcc: env.SIMULATOR_MERCHANT_MCC } : {}),
    },
    dokuPrivateKeyPem,
    notificationUrl,
    notificationMode: mode as NotificationMode,
    tokenTtlSeconds: positive(env, 'SIMULATOR_TOKEN_TTL_SECONDS'),
    tokenAnswerStyle: tokenAnswerStyle as TokenAnswerStyle,
    notificationRetryTimeFactor: positive(env, 'SIMULATOR_RETRY_TIME_FACTOR'),
    seed: env.SIMULATOR_SEED ? int(env, 'SIMULATOR_SEED', 0, 0, 2 ** 31 - 1) : undefined,
    logger: bool(env, 'SIMULATOR_LOG', true),
  };
  return { options, dataDir, files, generated, initOnly: argv.includes('--init-only') };
}
