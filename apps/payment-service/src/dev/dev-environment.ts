import type { AppConfig, ServiceConfig } from '../config/app-config.js';
import { applyDevCredentials } from './apply-dev-credentials.js';
import path from 'node:path';
import type { RunningSimulator } from '#doku-simulator';
import { loadOrCreateDevCredentials, type DevCredentials } from './dev-credentials.js';
import { saveDevSimulatorUrl, savedDevSimulatorPort } from './dev-simulator-address.js';
import { startSimulatorFor } from './simulator-for.js';

/** Where dev mode keeps the simulator's state (what DOKU would remember across a restart). */
export const DEV_SIMULATOR_STATE_FILE = 'dev-simulator-state.json';

export interface DevEnvironment {
  config: ServiceConfig;
  simulatorUrl: string;
  credentialsFile: string;
  /** DATA_DIR/dev-simulator.json: the simulator's URL, for `npm run simulate:pay`. */
  simulatorFile: string;
  serviceApiKey: string;
  adminApiKey: string;
  setNotificationUrl(url: string): void;
  close(): Promise<void>;
}

/**
 * Dev mode: start the in-repo DOKU simulator in this process with generated credentials,
 * registered as our merchant, notifying our own notification endpoint. Its state and its
 * port outlive a restart (DATA_DIR), like the database: orders created before a restart
 * are still known to "DOKU" after it.
 */
export async function startDevEnvironment(
  config: AppConfig,
  notificationUrl: string,
): Promise<DevEnvironment> {
  const { credentials, file } = loadOrCreateDevCredentials(config.dataDir);
  const simulator = await startDevSimulator(config.dataDir, credentials, notificationUrl);
  const simulatorFile = saveDevSimulatorUrl(config.dataDir, simulator.url);
  const service = applyDevCredentials(config, credentials, simulator.url);
  return {
    config: service,
    simulatorUrl: simulator.url,
    credentialsFile: file,
    simulatorFile,
    serviceApiKey: service.auth.serviceKeys[0].key,
    adminApiKey: service.auth.adminKeys[0].key,
    setNotificationUrl: (url) => simulator.setNotificationUrl?.(url),
    close: () => simulator.close(),
  };
}

/** On last time's port when it is free (else a free one), with its state under DATA_DIR. */
async function startDevSimulator(
  dataDir: string,
  credentials: DevCredentials,
  notificationUrl: string,
): Promise<RunningSimulator> {
  const options = {
    notificationUrl,
    stateFile: path.resolve(dataDir, DEV_SIMULATOR_STATE_FILE),
  };
  const port = savedDevSimulatorPort(dataDir);
  if (port !== undefined) {
    try {
      return await startSimulatorFor(credentials, { ...options, port });
    } catch (err) {
      if ((err as { code?: string }).code !== 'EADDRINUSE') throw err;
    }
  }
  return startSimulatorFor(credentials, options);
}
