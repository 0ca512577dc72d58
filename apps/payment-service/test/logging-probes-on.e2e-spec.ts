import { describeProbeLogging } from './logging.support.js';

describe('access log with probes switched on', () => {
  describeProbeLogging('true', [
    '/health/live',
    '/health/ready',
    '/health/ready?probe=k8s',
    '/metrics',
    '/v1/orders',
  ]);
});
