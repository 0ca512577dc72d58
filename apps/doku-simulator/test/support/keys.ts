import { generateKeyPairSync } from 'node:crypto';

export interface PemPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

/** A fresh RSA key pair (2048 bits, PKCS#8 / SPKI PEM). */
export function rsaPair(): PemPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
