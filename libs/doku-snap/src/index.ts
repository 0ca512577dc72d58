export * from './signature.js';
export * from './timestamp.js';
export * from './money.js';
export * from './paths.js';
