import type { AppConfig, ServiceConfig } from '../config/app-config.js';
import { applyDevCredentials } from './apply-dev-credentials.js';
import { loadOrCreateDevCredentials } from './dev-credentials.js';
import { startSimulatorFor } from './simulator-for.js';

export interface DevEnvironment {
  config: ServiceConfig;
  simulatorUrl: string;
  credentialsFile: string;
  serviceApiKey: string;
  adminApiKey: string;
  setNotificationUrl(url: string): void;
  close(): Promise<void>;
}

/**
 * Dev mode: start the in-repo DOKU simulator in this process with generated credentials,
 * registered as our merchant, notifying our own notification endpoint.
 */
export async function startDevEnvironment(
  config: AppConfig,
  notificationUrl: string,
): Promise<DevEnvironment> {
  const { credentials, file } = loadOrCreateDevCredentials(config.dataDir);
  const simulator = await startSimulatorFor(credentials, { notificationUrl });
  const service = applyDevCredentials(config, credentials, simulator.url);
  return {
    config: service,
    simulatorUrl: simulator.url,
    credentialsFile: file,
    serviceApiKey: service.auth.serviceKeys[0].key,
    adminApiKey: service.auth.adminKeys[0].key,
    setNotificationUrl: (url) => simulator.setNotificationUrl?.(url),
    close: () => simulator.close(),
  };
}
