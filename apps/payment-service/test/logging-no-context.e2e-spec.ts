import { describeLogging } from './logging.support.js';

describeLogging('false');
