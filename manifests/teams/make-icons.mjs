#!/usr/bin/env node
// Draws the Teams app icons (two linked rings: "samband" means connection) and writes them as PNG files with
// node's zlib, no image library: color.png 192x192 (white rings on the accent colour) and outline.png 32x32 (white
// rings on transparency, as Teams requires). Run `node manifests/teams/make-icons.mjs` after changing the drawing;
// the PNGs are committed.
import { writeFileSync } from 'node:fs';
import { deflateSync, crc32 } from 'node:zlib';

const ACCENT = [0x1f, 0x4e, 0x79];
const SUPERSAMPLE = 4;

/** Coverage (0..1) of one pixel by the two rings, supersampled for smooth edges. */
function coverage(x, y, size) {
  let hits = 0;
  for (let sy = 0; sy < SUPERSAMPLE; sy += 1) {
    for (let sx = 0; sx < SUPERSAMPLE; sx += 1) {
      const px = (x + (sx + 0.5) / SUPERSAMPLE) / size;
      const py = (y + (sy + 0.5) / SUPERSAMPLE) / size;
      if (onRing(px, py, 0.37, 0.5) || onRing(px, py, 0.63, 0.5)) hits += 1;
    }
  }
  return hits / (SUPERSAMPLE * SUPERSAMPLE);
}

function onRing(px, py, cx, cy) {
  const distance = Math.hypot(px - cx, py - cy);
  return distance >= 0.17 && distance <= 0.25;
}

/** A PNG file: RGBA rows from `pixel(x, y) -> [r, g, b, a]`. */
function png(size, pixel) {
  const rows = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y += 1) {
    const row = y * (size * 4 + 1);
    rows[row] = 0; // filter: none
    for (let x = 0; x < size; x += 1) {
      const [r, g, b, a] = pixel(x, y);
      rows.set([r, g, b, a], row + 1 + x * 4);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit, RGBA, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

const mix = (from, to, amount) => Math.round(from + (to - from) * amount);

const color = png(192, (x, y) => {
  const c = coverage(x, y, 192);
  return [mix(ACCENT[0], 255, c), mix(ACCENT[1], 255, c), mix(ACCENT[2], 255, c), 255];
});
const outline = png(32, (x, y) => [255, 255, 255, Math.round(coverage(x, y, 32) * 255)]);

const here = new URL('./', import.meta.url);
writeFileSync(new URL('color.png', here), color);
writeFileSync(new URL('outline.png', here), outline);
process.stdout.write(`color.png ${color.length} bytes, outline.png ${outline.length} bytes\n`);
