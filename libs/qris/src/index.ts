// libs/qris: the QRIS (EMVCo merchant-presented mode) codec. Pure functions, no Nest, no
// database: parse and validate, build, convert static to dynamic, render.

export { crc16ccitt } from './crc16.js';
export { luhnCheckDigit, isLuhnValid, buildMerchantPan } from './luhn.js';
export { formatAmount, parseAmount } from './amount.js';
export { parseQris, QRIS_MAX_LENGTH, QRIS_REPOSITORY_GUI } from './parse.js';
export { buildQris, qrisToBuildInput } from './build.js';
export { toDynamicQris, type ToDynamicOptions } from './dynamic.js';
export {
  renderQrPng,
  renderQrSvg,
  renderQrTerminal,
  type QrPngOptions,
  type QrSvgOptions,
} from './render.js';
export { QRIS_PROBLEM_CODES, QrisBuildError, type QrisProblemCode } from './problems.js';
export { DOKU_GUI, DOKU_NNS } from './doku.js';
export type * from './types.js';
