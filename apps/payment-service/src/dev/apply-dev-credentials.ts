import type { AppConfig, ServiceConfig } from '../config/app-config.js';
import type { DevCredentials } from './dev-credentials.js';

/**
 * Dev mode: points the service at a simulator (its URL) with the generated credentials,
 * and fills in API keys and a webhook secret where the environment set none.
 */
export function applyDevCredentials(
  config: AppConfig,
  creds: DevCredentials,
  simulatorUrl: string,
): ServiceConfig {
  const serviceKeys = config.auth.serviceKeys.length
    ? config.auth.serviceKeys
    : [{ id: 'dev-shop', key: creds.serviceApiKey }];
  return {
    ...config,
    doku: {
      baseUrl: simulatorUrl,
      clientId: creds.clientId,
      clientSecret: creds.clientSecret,
      privateKeyPem: creds.merchantPrivateKeyPem,
      publicKeyPems: [creds.dokuPublicKeyPem],
      merchantId: creds.merchantId,
      ...config.dokuDefaults,
    },
    auth: {
      ...config.auth,
      serviceKeys,
      adminKeys: config.auth.adminKeys.length
        ? config.auth.adminKeys
        : [{ id: 'dev-admin', key: creds.adminApiKey }],
    },
    webhooks: {
      ...config.webhooks,
      secrets: config.webhooks.secrets.length ? config.webhooks.secrets : [creds.webhookSecret],
    },
    // The demo checkout (/demo) exists only here, beside the in-process simulator.
    demo: { serviceKey: serviceKeys[0].key, simulatorUrl, inbox: !config.webhooks.url },
  };
}
