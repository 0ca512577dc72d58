import { describeLogging } from './logging.support.js';

describeLogging('true');
