import { describeProbeLogging } from './logging.support.js';

describe('access log by default', () => {
  describeProbeLogging('false', ['/v1/orders']);
});
