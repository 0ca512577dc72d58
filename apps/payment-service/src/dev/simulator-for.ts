import { startSimulator, type RunningSimulator, type SimulatorOptions } from '#doku-simulator';
import type { DevCredentials } from './dev-credentials.js';

/**
 * The DOKU simulator registered with our dev credentials: our public key as the merchant's,
 * its notifications signed with the generated "DOKU" key. Dev mode and the tests share it.
 */
export function startSimulatorFor(
  credentials: DevCredentials,
  overrides: Partial<SimulatorOptions> = {},
): Promise<RunningSimulator> {
  return startSimulator({
    port: 0,
    clients: [
      {
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
        publicKeyPem: credentials.merchantPublicKeyPem,
      },
    ],
    merchant: {
      merchantId: credentials.merchantId,
      name: 'Toko Demo',
      city: 'Jakarta',
      postalCode: '12190',
    },
    dokuPrivateKeyPem: credentials.dokuPrivateKeyPem,
    ...overrides,
  });
}
