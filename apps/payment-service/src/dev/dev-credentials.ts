// Dev mode (no DOKU credentials): everything the service and the simulator need to talk to
// each other is generated once and kept in DATA_DIR/dev-credentials.json, so API keys and
// keys stay the same across restarts.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface DevCredentials {
  clientId: string;
  clientSecret: string;
  merchantId: string;
  merchantPrivateKeyPem: string;
  merchantPublicKeyPem: string;
  dokuPrivateKeyPem: string;
  dokuPublicKeyPem: string;
  serviceApiKey: string;
  adminApiKey: string;
  webhookSecret: string;
}

function rsaPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

const digits = (n: number) => Array.from(randomBytes(n), (b) => String(b % 10)).join('');

export function generateDevCredentials(): DevCredentials {
  const merchant = rsaPair();
  const doku = rsaPair();
  return {
    clientId: `BRN-${digits(4)}-${digits(13)}`,
    clientSecret: `SK-${randomBytes(24).toString('base64url')}`,
    merchantId: digits(4),
    merchantPrivateKeyPem: merchant.privateKeyPem,
    merchantPublicKeyPem: merchant.publicKeyPem,
    dokuPrivateKeyPem: doku.privateKeyPem,
    dokuPublicKeyPem: doku.publicKeyPem,
    serviceApiKey: `sk_dev_${randomBytes(24).toString('base64url')}`,
    adminApiKey: `ak_dev_${randomBytes(24).toString('base64url')}`,
    webhookSecret: `whsec_${randomBytes(32).toString('base64')}`,
  };
}

export function loadOrCreateDevCredentials(dataDir: string): {
  credentials: DevCredentials;
  file: string;
  created: boolean;
} {
  const file = path.resolve(dataDir, 'dev-credentials.json');
  if (existsSync(file)) {
    return {
      credentials: JSON.parse(readFileSync(file, 'utf8')) as DevCredentials,
      file,
      created: false,
    };
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const credentials = generateDevCredentials();
  writeFileSync(file, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
  return { credentials, file, created: true };
}
