import { deflateSync } from 'node:zlib';
import { barChartLayout, type BarChartOptions, type BarDatum } from '../../src/core/charts/bar-chart.ts';
import { CHART_FONT } from './chart-font.ts';

/**
 * The core's bar chart as a PNG, laid out as the web console's SVG, for Teams (an Adaptive Card Image takes a PNG data
 * URI and no SVG). Drawn in plain TypeScript with an embedded bitmap font: no native module, no font files.
 */

type Rgb = [number, number, number];
const WHITE: Rgb = [0xff, 0xff, 0xff];
const INK: Rgb = [0x11, 0x11, 0x11];
const BAR: Rgb = [0x1f, 0x5f, 0x99];
const alpha = Buffer.from(CHART_FONT.alpha, 'base64');
const offsets: number[] = [];
CHART_FONT.widths.reduce((offset, width) => { offsets.push(offset); return offset + width * CHART_FONT.height; }, 0);
const glyphIndex = new Map([...CHART_FONT.chars].map((ch, i) => [ch, i]));

/**
 * Pixels are palette indices: 0-15 ink at 0/15..15/15 over white, 16-31 ink over the bar colour. A chart has no other
 * colours, so an indexed PNG holds it exactly, three times smaller before compression than RGB.
 */
const BAR_BASE = 16;
const mix = (under: Rgb, a: number): Rgb => under.map((c, i) => Math.round((c * (15 - a) + INK[i] * a) / 15)) as Rgb;
const PALETTE = Buffer.from([
  ...Array.from({ length: 16 }, (_, a) => mix(WHITE, a)).flat(),
  ...Array.from({ length: 16 }, (_, a) => mix(BAR, a)).flat(),
]);

class Canvas {
  readonly pixels: Uint8Array;

  constructor(readonly width: number, readonly height: number) {
    this.pixels = new Uint8Array(width * height);
  }

  /** Fills a rectangle with the bar colour. */
  bar(x: number, y: number, w: number, h: number): void {
    const left = Math.max(0, x);
    const right = Math.min(this.width, x + w);
    for (let r = Math.max(0, y); r < Math.min(this.height, y + h); r += 1) this.pixels.fill(BAR_BASE, r * this.width + left, r * this.width + right);
  }

  /** Ink with coverage `a` (0-15); overlapping glyph edges keep the darker. */
  private ink(x: number, y: number, a: number): void {
    if (a === 0 || x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const at = y * this.width + x;
    const base = this.pixels[at] & BAR_BASE;
    this.pixels[at] = base | Math.max(this.pixels[at] & 0x0f, a);
  }

  /** Draws text with its baseline at `y`; `anchor` end right-aligns at `x`. Unknown characters become `?`. */
  text(x: number, y: number, text: string, anchor: 'start' | 'end' = 'start', bold = false): void {
    let left = anchor === 'end' ? x - textWidth(text) : x;
    const top = y - CHART_FONT.baseline;
    for (const ch of text) {
      const i = glyphIndex.get(ch) ?? glyphIndex.get('?')!;
      const width = CHART_FONT.widths[i];
      for (let row = 0; row < CHART_FONT.height; row += 1) {
        for (let col = 0; col < width; col += 1) {
          const n = offsets[i] + row * width + col;
          const a = n % 2 === 0 ? alpha[n >> 1] >> 4 : alpha[n >> 1] & 0x0f;
          this.ink(left + col, top + row, a);
          if (bold) this.ink(left + col + 1, top + row, a);
        }
      }
      left += width + (bold ? 1 : 0);
    }
  }
}

function textWidth(text: string): number {
  return [...text].reduce((sum, ch) => sum + CHART_FONT.widths[glyphIndex.get(ch) ?? glyphIndex.get('?')!], 0);
}

function fit(text: string, max: number): string {
  if (textWidth(text) <= max) return text;
  let cut = text;
  while (cut.length > 1 && textWidth(`${cut}…`) > max) cut = cut.slice(0, -1);
  return `${cut}…`;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An indexed-colour PNG of the canvas, every row with the "Up" filter (flat areas become runs of zeros). */
function encodePng(canvas: Canvas): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(canvas.width, 0);
  header.writeUInt32BE(canvas.height, 4);
  header.set([8, 3, 0, 0, 0], 8);
  const { width, pixels } = canvas;
  const raw = Buffer.alloc((width + 1) * canvas.height);
  for (let y = 0; y < canvas.height; y += 1) {
    const out = y * (width + 1);
    const row = y * width;
    raw[out] = 2;
    for (let i = 0; i < width; i += 1) raw[out + 1 + i] = (pixels[row + i] - (y > 0 ? pixels[row - width + i] : 0)) & 0xff;
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('PLTE', PALETTE),
    chunk('IDAT', deflateSync(raw, { level: 6 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The same chart as `barChartSvg` (layout, values as text on every bar), as PNG bytes. */
export function barChartPng(data: BarDatum[], options: BarChartOptions): Buffer {
  const { width, barHeight, labelWidth, top, height, scale } = barChartLayout(data, options);
  const canvas = new Canvas(width, height);
  canvas.text(0, 18, fit(options.title, width - 4), 'start', true);
  data.forEach((d, i) => {
    const y = top + i * (barHeight + 8);
    const w = Math.max(1, Math.round(d.value * scale));
    const baseline = y + Math.round(barHeight * 0.7);
    const value = `${Number.isInteger(d.value) ? d.value : d.value.toFixed(1)}${options.unit ? ` ${options.unit}` : ''}`;
    canvas.text(labelWidth - 8, baseline, fit(d.label, labelWidth - 12), 'end');
    canvas.bar(labelWidth, y, w, barHeight);
    canvas.text(labelWidth + w + 6, baseline, value);
  });
  if (data.length === 0) canvas.text(labelWidth, top + Math.round(barHeight * 0.7), '–');
  return encodePng(canvas);
}
