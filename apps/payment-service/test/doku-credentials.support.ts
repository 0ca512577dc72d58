import { generateKeyPairSync } from 'node:crypto';
import type { RunningSimulator } from '#doku-simulator';
import { applyDevCredentials } from '../src/dev/apply-dev-credentials.js';
import { startSimulatorFor } from '../src/dev/simulator-for.js';
import { loadConfig } from '../src/config/load-config.js';
import type { ServiceConfig } from '../src/config/app-config.js';
import { startTestApp, TEST_SERVICE_KEY, type TestApp } from '../../../test/support/app.js';
import { http } from '../../../test/support/http.js';
import { testCredentials } from '../../../test/support/credentials.js';

// Shared by the doku-credentials-*.e2e-spec files (issue 12 item 8).

type Doku = ServiceConfig['doku'];

// nestjs-pino keeps one root logger per module registry: the logs of a test file go to its
// first app's capture, so every spec that reads logs starts one app.

export interface Pair {
  service: TestApp;
  simulator: RunningSimulator;
  close(): Promise<void>;
}

export async function startPair(
  label: string,
  opts: {
    doku?: (good: Doku) => Doku;
    beforeApp?: (sim: RunningSimulator) => void;
    env?: Record<string, string>;
  } = {},
): Promise<Pair> {
  const credentials = testCredentials();
  const simulator = await startSimulatorFor(credentials);
  opts.beforeApp?.(simulator);
  const good = applyDevCredentials(
    loadConfig({ NODE_ENV: 'test' }),
    credentials,
    simulator.url,
  ).doku;
  let service: TestApp;
  try {
    service = await startTestApp({ label, env: opts.env, doku: opts.doku?.(good) ?? good });
  } catch (err) {
    await simulator.close();
    throw err;
  }
  return {
    service,
    simulator,
    async close() {
      await service.close();
      await simulator.close();
    },
  };
}

export async function readiness(t: TestApp) {
  return http('GET', `${t.url}/health/ready`);
}

/** Polls readiness until DOKU's state is `state` (the check runs in the background). */
export async function untilDoku(t: TestApp, state: string, withinMs = 10_000) {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const res = await readiness(t);
    if (res.body?.details?.doku === state) return res;
    if (Date.now() > deadline) {
      throw new Error(`doku stayed ${JSON.stringify(res.body?.details)}, wanted ${state}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function metrics(t: TestApp): Promise<string> {
  return (await http('GET', `${t.url}/metrics`)).text;
}

/** The JSON lines the credentials status wrote. */
export function credentialsLines(t: TestApp): { level: number; [field: string]: unknown }[] {
  return t.logs.lines
    .map((l) => JSON.parse(l) as { level: number; [field: string]: unknown })
    .filter((l) => l.context === 'DokuCredentials');
}

/** A private key DOKU has never seen. */
export function unknownPrivateKeyPem(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
}

export const createOrder = (t: TestApp, key: string) =>
  http('POST', `${t.url}/v1/orders`, {
    key: TEST_SERVICE_KEY,
    body: { merchantReference: `INV-${key}`, amount: 10_000, currency: 'IDR' },
    headers: { 'Idempotency-Key': key },
  });
