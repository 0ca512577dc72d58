// `npm run simulator`: the DOKU SNAP sandbox on its own (config from SIMULATOR_* variables,
// keys and credentials as files under SIMULATOR_DATA_DIR, generated on first start).
// `--init-only` writes the credentials and exits (docker-compose's first step).
import { EnvError, loadSimulatorEnv } from './config/simulator-env.js';
import { startSimulator } from './simulator.js';

async function main(): Promise<void> {
  let env;
  try {
    env = loadSimulatorEnv(process.env, process.argv.slice(2), process.cwd());
  } catch (e) {
    if (e instanceof EnvError) {
      console.error(`doku-simulator: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
  for (const file of env.generated) console.log(`generated ${file}`);
  if (env.initOnly) {
    console.log(`credentials in ${env.dataDir}`);
    return;
  }
  const sim = await startSimulator(env.options);
  console.log(
    [
      `DOKU simulator listening at ${sim.url}`,
      `  Payment page   ${sim.url}/simulator`,
      `  Ledger         ${sim.url}/simulator/v1/ledger`,
      `  Faults         ${sim.url}/simulator/v1/faults`,
      `  Notifications  ${env.options.notificationUrl ?? '(none: set SIMULATOR_NOTIFICATION_URL)'} (${env.options.notificationMode})`,
      `  Merchant       ${env.options.merchant?.merchantId} (${env.options.merchant?.name})`,
      `  Credentials    ${env.dataDir} (client-id, client-secret, merchant-private.pem, doku-public.pem)`,
      `Pay a QR: npm run simulate:pay -- <referenceNo|qrContent>`,
    ].join('\n'),
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
