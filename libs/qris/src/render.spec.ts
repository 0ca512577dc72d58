import QRCode from 'qrcode';
import { renderQrPng, renderQrSvg, renderQrTerminal } from './render.js';
import { DOKU_SAMPLE, readPng } from '../test/fixtures.js';

// The module matrix qrcode makes for the payload at level M: what every rendering must show.
const matrix = QRCode.create(DOKU_SAMPLE, { errorCorrectionLevel: 'M' });
const size = matrix.modules.size;
const dark = (row: number, col: number) => matrix.modules.get(row, col) === 1;

describe('QR rendering', () => {
  it('draws every module of the level-M code into the PNG, inside a 4-module quiet zone', async () => {
    const scale = 3;
    const png = readPng(await renderQrPng(DOKU_SAMPLE, { scale }));
    expect(png.width).toBe((size + 8) * scale);
    expect(png.height).toBe(png.width);
    for (let row = -4; row < size + 4; row++) {
      for (let col = -4; col < size + 4; col++) {
        const inside = row >= 0 && col >= 0 && row < size && col < size;
        const x = (col + 4) * scale + 1;
        const y = (row + 4) * scale + 1;
        expect([row, col, png.isDark(x, y)]).toEqual([row, col, inside && dark(row, col)]);
      }
    }
  });

  it('honours the margin and scale options', async () => {
    const png = readPng(await renderQrPng(DOKU_SAMPLE, { scale: 2, margin: 1 }));
    expect(png.width).toBe((size + 2) * 2);
  });

  it('uses error-correction level M', () => {
    expect(matrix.errorCorrectionLevel.bit).toBe(
      QRCode.create(DOKU_SAMPLE, { errorCorrectionLevel: 'M' }).errorCorrectionLevel.bit,
    );
    expect(matrix.version).toBe(QRCode.create(DOKU_SAMPLE, { errorCorrectionLevel: 'M' }).version);
    // Level L would fit in fewer modules: the renderer must not be using it.
    expect(QRCode.create(DOKU_SAMPLE, { errorCorrectionLevel: 'L' }).modules.size).toBeLessThan(
      size,
    );
  });

  it('draws an SVG of the same code with its quiet zone', async () => {
    const svg = await renderQrSvg(DOKU_SAMPLE);
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain(`viewBox="0 0 ${size + 8} ${size + 8}"`);
    expect(await renderQrSvg(DOKU_SAMPLE, { width: 300 })).toContain('width="300"');
  });

  it('draws UTF-8 half blocks for a terminal, two module rows per line', async () => {
    const text = await renderQrTerminal(DOKU_SAMPLE);
    const lines = text.split('\n');
    expect(lines).toHaveLength(Math.ceil(size / 2) + 4);
    for (const line of lines) expect([...line]).toHaveLength(size + 8);
    expect(text).toMatch(/^[ ▀▄█\n]+$/);
    // Top-left finder pattern: a full row of dark modules over its row 1.
    expect([...lines[2]].slice(4, 11).join('')).toBe('█▀▀▀▀▀█');
  });
});
