// Starts apps/doku-simulator in-process and builds DokuSnapClients against it over HTTP.
import { generateKeyPairSync } from 'node:crypto';
import {
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
} from './simulator-loader.js';
import { DokuSnapClient, type DokuSnapClientOptions, type SnapLogger } from '#doku-snap';

export interface PemPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

export function rsaPair(): PemPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

let keys: { merchant: PemPair; doku: PemPair } | undefined;
export function testKeys(): { merchant: PemPair; doku: PemPair } {
  keys ??= { merchant: rsaPair(), doku: rsaPair() };
  return keys;
}

export const CLIENT_ID = 'merchant-int-1';
export const CLIENT_SECRET = 'int-secret-9b1f0c';
export const MERCHANT_ID = '2115';

export interface LogLine {
  level: string;
  message: string;
  fields?: Record<string, unknown>;
}

export class Harness {
  readonly clients: DokuSnapClient[] = [];
  readonly logs: LogLine[] = [];

  private constructor(readonly sim: RunningSimulator) {}

  static async start(overrides: Partial<SimulatorOptions> = {}): Promise<Harness> {
    const { merchant, doku } = testKeys();
    const sim = await startSimulator({
      clients: [
        { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, publicKeyPem: merchant.publicKeyPem },
      ],
      merchant: {
        merchantId: MERCHANT_ID,
        name: 'Green Pages',
        city: 'Jakarta',
        postalCode: '13120',
      },
      dokuPrivateKeyPem: doku.privateKeyPem,
      seed: 7,
      ...overrides,
    });
    return new Harness(sim);
  }

  readonly logger: SnapLogger = {
    debug: (message, fields) => this.logs.push({ level: 'debug', message, fields }),
    info: (message, fields) => this.logs.push({ level: 'info', message, fields }),
    warn: (message, fields) => this.logs.push({ level: 'warn', message, fields }),
    error: (message, fields) => this.logs.push({ level: 'error', message, fields }),
  };

  client(over: Partial<DokuSnapClientOptions> = {}): DokuSnapClient {
    const c = new DokuSnapClient({
      baseUrl: this.sim.url,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      privateKeyPem: testKeys().merchant.privateKeyPem,
      merchantId: MERCHANT_ID,
      timeoutMs: 3000,
      retry: { baseDelayMs: 20, maxDelayMs: 200, maxTotalMs: 3000 },
      logger: this.logger,
      ...over,
    });
    this.clients.push(c);
    return c;
  }

  async close(): Promise<void> {
    for (const c of this.clients) c.close();
    await this.sim.close();
  }
}

let counter = 0;
/** A fresh order id in our format (32 lower-case hex). */
export function orderId(): string {
  counter += 1;
  return `${Date.now().toString(16)}${counter.toString(16).padStart(4, '0')}`.padEnd(32, 'a');
}

export function inMinutes(m: number): Date {
  return new Date(Date.now() + m * 60_000);
}
