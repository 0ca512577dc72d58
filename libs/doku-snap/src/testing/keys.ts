// One RSA key pair per test process (generation costs ~50 ms).
import { generateKeyPairSync } from 'node:crypto';

let pair: { privateKeyPem: string; publicKeyPem: string } | null = null;

export function testKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  if (!pair) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    pair = {
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
  }
  return pair;
}
