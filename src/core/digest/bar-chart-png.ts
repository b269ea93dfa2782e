import { deflateSync } from 'node:zlib';
import type { BarDatum, BarChartOptions } from '../charts/bar-chart-svg.ts';
import { CHART_FONT } from './chart-font.ts';

/**
 * The bar chart of bar-chart-svg.ts as a PNG, for platforms that show only bitmaps (a Teams Adaptive Card Image
 * takes a data URI). Drawn in plain TypeScript with an embedded bitmap font: no native module, no font files.
 */

type Rgb = [number, number, number];
const INK: Rgb = [0x11, 0x11, 0x11];
const BAR: Rgb = [0x1f, 0x5f, 0x99];
const alpha = Buffer.from(CHART_FONT.alpha, 'base64');
const offsets: number[] = [];
CHART_FONT.widths.reduce((offset, width) => { offsets.push(offset); return offset + width * CHART_FONT.height; }, 0);
const glyphIndex = new Map([...CHART_FONT.chars].map((ch, i) => [ch, i]));

class Canvas {
  readonly pixels: Buffer;

  constructor(readonly width: number, readonly height: number) {
    this.pixels = Buffer.alloc(width * height * 3, 0xff);
  }

  fill(x: number, y: number, w: number, h: number, color: Rgb): void {
    for (let row = Math.max(0, y); row < Math.min(this.height, y + h); row += 1) {
      for (let col = Math.max(0, x); col < Math.min(this.width, x + w); col += 1) this.pixels.set(color, (row * this.width + col) * 3);
    }
  }

  private blend(x: number, y: number, color: Rgb, a: number): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height || a === 0) return;
    const at = (y * this.width + x) * 3;
    for (let c = 0; c < 3; c += 1) this.pixels[at + c] = Math.round(this.pixels[at + c] * (1 - a / 15) + color[c] * (a / 15));
  }

  /** Draws text with its baseline at `y`; `anchor` end right-aligns at `x`. Unknown characters become `?`. */
  text(x: number, y: number, text: string, color: Rgb, anchor: 'start' | 'end' = 'start', bold = false): void {
    let left = anchor === 'end' ? x - textWidth(text) : x;
    const top = y - CHART_FONT.baseline;
    for (const ch of text) {
      const i = glyphIndex.get(ch) ?? glyphIndex.get('?')!;
      const width = CHART_FONT.widths[i];
      for (let row = 0; row < CHART_FONT.height; row += 1) {
        for (let col = 0; col < width; col += 1) {
          const n = offsets[i] + row * width + col;
          const a = n % 2 === 0 ? alpha[n >> 1] >> 4 : alpha[n >> 1] & 0x0f;
          this.blend(left + col, top + row, color, a);
          if (bold) this.blend(left + col + 1, top + row, color, a);
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

/** An 8-bit RGB PNG of the canvas (each row with filter 0). */
function encodePng(canvas: Canvas): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(canvas.width, 0);
  header.writeUInt32BE(canvas.height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const stride = canvas.width * 3;
  const raw = Buffer.alloc((stride + 1) * canvas.height);
  for (let y = 0; y < canvas.height; y += 1) canvas.pixels.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The same chart as `barChartSvg` (layout, values as text on every bar), as PNG bytes. */
export function barChartPng(data: BarDatum[], options: BarChartOptions): Buffer {
  const width = options.width ?? 560;
  const barHeight = options.barHeight ?? 22;
  const labelWidth = 190;
  const top = 34;
  const height = top + Math.max(1, data.length) * (barHeight + 8) + 10;
  const max = Math.max(1, ...data.map((d) => d.value));
  const scale = (width - labelWidth - 70) / max;
  const canvas = new Canvas(width, height);
  canvas.text(0, 18, fit(options.title, width - 4), INK, 'start', true);
  data.forEach((d, i) => {
    const y = top + i * (barHeight + 8);
    const w = Math.max(1, Math.round(d.value * scale));
    const baseline = y + Math.round(barHeight * 0.7);
    const value = `${Number.isInteger(d.value) ? d.value : d.value.toFixed(1)}${options.unit ? ` ${options.unit}` : ''}`;
    canvas.text(labelWidth - 8, baseline, fit(d.label, labelWidth - 12), INK, 'end');
    canvas.fill(labelWidth, y, w, barHeight, BAR);
    canvas.text(labelWidth + w + 6, baseline, value, INK);
  });
  if (data.length === 0) canvas.text(labelWidth, top + Math.round(barHeight * 0.7), '–', INK);
  return encodePng(canvas);
}
