/** DOKU SNAP paths (host comes from configuration) and their SNAP service codes. */
export const SNAP_PATHS = {
  tokenB2b: '/authorization/v1/access-token/b2b',
  tokenB2b2c: '/authorization/v1/access-token/b2b2c',
  generate: '/snap-adapter/b2b/v1.0/qr/qr-mpm-generate',
  query: '/snap-adapter/b2b/v1.0/qr/qr-mpm-query',
  refund: '/snap-adapter/b2b/v1.0/qr/qr-mpm-refund',
  decode: '/snap-adapter/b2b/v1.0/qr/qr-mpm-decode',
  cancel: '/snap-adapter/b2b/v1.0/qr/qr-mpm-cancel',
  payment: '/snap-adapter/b2b2c/v1.0/qr/qr-mpm-payment',
  /** The merchant's notification endpoint (DOKU -> us). */
  notify: '/v1.0/qr/qr-mpm-notify',
} as const;

export const SNAP_SERVICE_CODES = {
  tokenB2b: '73',
  tokenB2b2c: '74',
  generate: '47',
  decode: '48',
  payment: '50',
  query: '51',
  notify: '52',
  cancel: '77',
  refund: '78',
} as const;

export type SnapOperation = keyof typeof SNAP_SERVICE_CODES;

/** `HTTP(3) + service(2) + case(2)`, e.g. `snapCode(404, 'query', '01')` -> `4045101`. */
export function snapCode(httpStatus: number, op: SnapOperation, caseCode: string): string {
  return `${httpStatus}${SNAP_SERVICE_CODES[op]}${caseCode}`;
}
