#!/usr/bin/env node
// Draws the app icon, build/icon.png (512x512 RGBA), with no dependency: a deep blue rounded
// square holding a pair of white square brackets, the mark of text still under negotiation.
// electron-builder derives the .ico and .icns from it. Run: node scripts/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync, crc32 } from 'node:zlib';

const SIZE = 512;
const SAMPLES = 4; // per axis: 16 samples per pixel smooth the edges

const inRoundedRect = (x, y, left, top, right, bottom, radius) => {
  if (x < left || x > right || y < top || y > bottom) return false;
  const cx = Math.min(Math.max(x, left + radius), right - radius);
  const cy = Math.min(Math.max(y, top + radius), bottom - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
};
const inRect = (x, y, left, top, right, bottom) => x >= left && x <= right && y >= top && y <= bottom;

/** One bracket: a vertical bar with two arms, facing right (open) or left (close). */
const inBracket = (x, y, barLeft, facesRight) => {
  const bar = 34;
  const arm = 62;
  const top = 136;
  const bottom = 376;
  if (inRect(x, y, barLeft, top, barLeft + bar, bottom)) return true;
  const armLeft = facesRight ? barLeft : barLeft + bar - arm;
  return inRect(x, y, armLeft, top, armLeft + arm, top + bar) || inRect(x, y, armLeft, bottom - bar, armLeft + arm, bottom);
};

function colourAt(x, y) {
  if (!inRoundedRect(x, y, 16, 16, 496, 496, 104)) return null;
  if (inBracket(x, y, 132, true) || inBracket(x, y, 346, false)) return [255, 255, 255];
  // The gap between the brackets: a line of text, in the accent's lighter tone.
  if (inRoundedRect(x, y, 200, 238, 312, 274, 18)) return [143, 182, 255];
  return [30, 58, 138];
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const c = colourAt(x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES);
        if (c === null) continue;
        r += c[0]; g += c[1]; b += c[2]; a += 1;
      }
    }
    const o = y * (SIZE * 4 + 1) + 1 + x * 4;
    raw[o] = a === 0 ? 0 : Math.round(r / a);
    raw[o + 1] = a === 0 ? 0 : Math.round(g / a);
    raw[o + 2] = a === 0 ? 0 : Math.round(b / a);
    raw[o + 3] = Math.round((a / SAMPLES ** 2) * 255);
  }
}

const chunk = (type, data) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bits per channel
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = new URL('../build/icon.png', import.meta.url);
writeFileSync(out, png);
console.log(`wrote ${out.pathname} (${png.length} bytes)`);
