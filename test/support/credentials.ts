import {
  type DevCredentials,
  generateDevCredentials,
} from '../../apps/payment-service/src/dev/dev-credentials.js';

let cached: DevCredentials | undefined;
/** RSA key generation is the slow part: one set per test file is plenty. */
export function testCredentials(): DevCredentials {
  cached ??= generateDevCredentials();
  return cached;
}
