import { startSimulator, type RunningSimulator, type SimulatorOptions } from '#doku-simulator';
import { rsaPair, type PemPair } from './keys.js';
import { SnapTestClient } from './snap-test-client.js';

export interface Fixture {
  sim: RunningSimulator;
  client: SnapTestClient;
  merchantKeys: PemPair;
  dokuKeys: PemPair;
}

// Key generation is the slow part of a start; share one set per test file.
let keys: { merchant: PemPair; doku: PemPair } | undefined;
export function testKeys(): { merchant: PemPair; doku: PemPair } {
  keys ??= { merchant: rsaPair(), doku: rsaPair() };
  return keys;
}

export const MERCHANT_ID = '2115';

export async function startFixture(overrides: Partial<SimulatorOptions> = {}): Promise<Fixture> {
  const { merchant, doku } = testKeys();
  const sim = await startSimulator({
    clients: [
      { clientId: 'client-a', clientSecret: 'secret-a', publicKeyPem: merchant.publicKeyPem },
    ],
    merchant: {
      merchantId: MERCHANT_ID,
      name: 'Green Pages',
      city: 'Jakarta',
      postalCode: '13120',
    },
    dokuPrivateKeyPem: doku.privateKeyPem,
    seed: 1,
    ...overrides,
  });
  const client = new SnapTestClient(sim.url, {
    clientId: 'client-a',
    clientSecret: 'secret-a',
    privateKeyPem: merchant.privateKeyPem,
  });
  return { sim, client, merchantKeys: merchant, dokuKeys: doku };
}

let orderCounter = 0;
/** A generate body for a fresh order. */
export function generateBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  orderCounter++;
  return {
    partnerReferenceNo: `ORD${Date.now()}${orderCounter}`,
    amount: { value: '10000.00', currency: 'IDR' },
    merchantId: MERCHANT_ID,
    terminalId: 'A01',
    ...overrides,
  };
}
