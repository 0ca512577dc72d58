// Payloads and helpers shared by the libs/qris specs. Samples are copied from DOKU's QRIS
// page (../shared/seeds/doku-snap-qris-api.txt) byte for byte.

import { inflateSync } from 'node:zlib';
import { crc16ccitt } from '../src/crc16.js';
import type { QrisBuildInput } from '../src/types.js';

/** qr-mpm-generate response / qr-mpm-decode request sample: dynamic, 1200.25, fixed fee 500.52. */
export const DOKU_SAMPLE =
  '00020101021226530012COM.DOKU.WWW0118936008990000002997020429970303UMI51440014ID.CO.QRIS.WWW0215ID20200622029970303UMI52045411530336054071200.255502025606500.525802ID5911Green Pages6007Jakarta61051312062430703K455032a98757c8dbc6434ab5dd4c55d9092d9a6304F6EA';

/** qr-mpm-payment request sample as printed: the leading "0" of "000201" is missing. */
export const DOKU_PAYMENT_SAMPLE =
  '0020101021226530012COM.DOKU.WWW0118936008990000002997020429970303UBE51440014ID.CO.QRIS.WWW0215ID20200622029970303UBE52045411530336054071200.005502025606500.005802ID5911Green Pages6007Jakarta61051312062430703K455032072435673f53496a9db872c8caa148996304F8EF';

/** What the DOKU simulator passes to buildQris to produce DOKU_SAMPLE. */
export function dokuSampleInput(): QrisBuildInput {
  return {
    initiation: 'dynamic',
    merchantAccounts: [
      {
        tag: '26',
        gui: 'COM.DOKU.WWW',
        pan: '936008990000002997',
        merchantId: '2997',
        criteria: 'UMI',
      },
      { tag: '51', gui: 'ID.CO.QRIS.WWW', merchantId: 'ID2020062202997', criteria: 'UMI' },
    ],
    mcc: '5411',
    currency: '360',
    amountMinor: 120025,
    tip: { indicator: 'fixed', minor: 50052 },
    countryCode: 'ID',
    merchantName: 'Green Pages',
    merchantCity: 'Jakarta',
    postalCode: '13120',
    additionalData: {
      terminalLabel: 'K45',
      templates: [{ id: '50', value: 'a98757c8dbc6434ab5dd4c55d9092d9a' }],
    },
  };
}

/** One data object, for hand-made payloads. */
export function tlv(id: string, value: string): string {
  return id + String(value.length).padStart(2, '0') + value;
}

/** Appends tag 63 with the right CRC. */
export function signed(body: string): string {
  return body + '6304' + crc16ccitt(body + '6304');
}

/** Replaces the CRC of an edited payload, so only the codec's other rules can object. */
export function resign(payload: string): string {
  return signed(payload.slice(0, -8));
}

/** Offset of `needle` in `haystack`; throws when absent, so a test cannot silently pass on -1. */
export function offsetOf(haystack: string, needle: string): number {
  const at = haystack.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" not found`);
  return at;
}

/** The DOKU sample's data objects, in order, without the CRC: edit and pass to `assemble`. */
export function dokuSampleTags(): Array<[string, string]> {
  return [
    ['00', '01'],
    ['01', '12'],
    ['26', '0012COM.DOKU.WWW0118936008990000002997020429970303UMI'],
    ['51', '0014ID.CO.QRIS.WWW0215ID20200622029970303UMI'],
    ['52', '5411'],
    ['53', '360'],
    ['54', '1200.25'],
    ['55', '02'],
    ['56', '500.52'],
    ['58', 'ID'],
    ['59', 'Green Pages'],
    ['60', 'Jakarta'],
    ['61', '13120'],
    ['62', '0703K455032a98757c8dbc6434ab5dd4c55d9092d9a'],
  ];
}

/** Joins data objects and signs the result. */
export function assemble(tags: Array<[string, string]>): string {
  return signed(tags.map(([id, value]) => tlv(id, value)).join(''));
}

/** A minimal PNG reader (8-bit grey, RGB or RGBA, non-interlaced): width, height, isDark(x, y). */
export function readPng(png: Buffer): {
  width: number;
  height: number;
  isDark: (x: number, y: number) => boolean;
} {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let pos = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (pos < png.length) {
    const length = png.readUInt32BE(pos);
    const type = png.toString('ascii', pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[12] !== 0) throw new Error('only 8-bit non-interlaced PNGs');
      channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[data[9]] ?? 0;
    } else if (type === 'IDAT') {
      idat.push(data);
    }
    pos += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const cur = raw[y * (stride + 1) + 1 + x];
      const a = x >= channels ? pixels[y * stride + x - channels] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
      let predicted = 0;
      if (filter === 1) predicted = a;
      else if (filter === 2) predicted = b;
      else if (filter === 3) predicted = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      pixels[y * stride + x] = (cur + predicted) & 0xff;
    }
  }
  return { width, height, isDark: (x, y) => pixels[y * stride + x * channels] < 128 };
}
