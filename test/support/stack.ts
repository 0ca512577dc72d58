// The whole money path for e2e specs: the payment service on a fresh PostgreSQL database,
// and the DOKU simulator over real HTTP, registered with each other exactly as in dev mode.
import type { RunningSimulator, SimulatorOptions } from '#doku-simulator';
import { applyDevCredentials } from '../../apps/payment-service/src/dev/apply-dev-credentials.js';
import { startSimulatorFor } from '../../apps/payment-service/src/dev/simulator-for.js';
import type { DevCredentials } from '../../apps/payment-service/src/dev/dev-credentials.js';
import { loadConfig } from '../../apps/payment-service/src/config/load-config.js';
import { startTestApp, type TestApp, type TestAppOptions } from './app.js';
import { testCredentials } from './credentials.js';

export { testCredentials };

export interface Stack {
  service: TestApp;
  simulator: RunningSimulator;
  credentials: DevCredentials;
  close(): Promise<void>;
}

export async function startStack(
  opts: TestAppOptions & { simulator?: Partial<SimulatorOptions>; notify?: boolean } = {},
): Promise<Stack> {
  const credentials = testCredentials();
  const simulator = await startSimulatorFor(credentials, {
    merchant: {
      merchantId: credentials.merchantId,
      name: 'Toko Test',
      city: 'Jakarta',
      postalCode: '12190',
    },
    notificationRetryTimeFactor: 0.0001,
    ...opts.simulator,
  });
  const env = { NODE_ENV: 'test', ...opts.env };
  const doku = applyDevCredentials(loadConfig(env), credentials, simulator.url).doku;
  let service: TestApp;
  try {
    service = await startTestApp({ ...opts, doku });
  } catch (err) {
    await simulator.close();
    throw err;
  }
  if (opts.notify !== false) simulator.setNotificationUrl(`${service.url}/v1.0/qr/qr-mpm-notify`);
  return {
    service,
    simulator,
    credentials,
    async close() {
      await service.close();
      await simulator.close();
    },
  };
}
