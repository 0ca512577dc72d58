// QR rendering through the `qrcode` package: error-correction level M (what QRIS issuers
// print) and a quiet zone of 4 modules, which scanners need to find the code. These draw
// whatever string they are given; validate with parseQris first.

import QRCode from 'qrcode';

export interface QrPngOptions {
  /** Pixels per module (default 8). */
  scale?: number;
  /** Quiet zone in modules (default 4). */
  margin?: number;
}

export interface QrSvgOptions {
  /** Quiet zone in modules (default 4). */
  margin?: number;
  /** Rendered width in pixels; default: the SVG scales with its container. */
  width?: number;
}

const ERROR_CORRECTION = 'M';
const QUIET_ZONE = 4;

/** The payload as a PNG image. */
export function renderQrPng(payload: string, options: QrPngOptions = {}): Promise<Buffer> {
  return QRCode.toBuffer(payload, {
    type: 'png',
    errorCorrectionLevel: ERROR_CORRECTION,
    margin: options.margin ?? QUIET_ZONE,
    scale: options.scale ?? 8,
  });
}

/** The payload as an SVG document. */
export function renderQrSvg(payload: string, options: QrSvgOptions = {}): Promise<string> {
  return QRCode.toString(payload, {
    type: 'svg',
    errorCorrectionLevel: ERROR_CORRECTION,
    margin: options.margin ?? QUIET_ZONE,
    ...(options.width === undefined ? {} : { width: options.width }),
  });
}

/** The payload as UTF-8 half blocks (two modules per character row) for a terminal. */
export function renderQrTerminal(payload: string): Promise<string> {
  return QRCode.toString(payload, {
    type: 'utf8',
    errorCorrectionLevel: ERROR_CORRECTION,
    margin: QUIET_ZONE,
  });
}
