// Draws the add-in's icons (16/32/64/80/128 px PNG) into addin/assets/ with node:zlib only: a blue tile with a
// white calendar. Run once when the design changes (`npx tsx scripts/manifest-icons.ts`); the PNGs are committed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

export const ICON_SIZES = [16, 32, 64, 80, 128] as const;

const BRAND: Rgb = [0x0f, 0x6c, 0xbd];
const WHITE: Rgb = [0xff, 0xff, 0xff];
type Rgb = [number, number, number];

/** A shape in unit coordinates: true where the point is inside. */
type Shape = (x: number, y: number) => boolean;

function roundedRect(x0: number, y0: number, x1: number, y1: number, r: number): Shape {
  return (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
    const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
    return dx * dx + dy * dy <= r * r;
  };
}

/** Layers painted in order, last on top. */
const LAYERS: [Shape, Rgb][] = [
  [roundedRect(0, 0, 1, 1, 0.2), BRAND],
  [roundedRect(0.2, 0.24, 0.8, 0.8, 0.06), WHITE],
  [roundedRect(0.27, 0.4, 0.73, 0.73, 0.02), BRAND],
  [roundedRect(0.32, 0.16, 0.4, 0.3, 0.03), WHITE],
  [roundedRect(0.6, 0.16, 0.68, 0.3, 0.03), WHITE],
  [roundedRect(0.33, 0.46, 0.46, 0.57, 0.02), WHITE],
  [roundedRect(0.54, 0.46, 0.67, 0.57, 0.02), WHITE],
  [roundedRect(0.33, 0.61, 0.46, 0.69, 0.02), WHITE],
];

/** Subsamples per axis: 4x4 coverage gives smooth edges even at 16 px. */
const SUPERSAMPLE = 4;

function pixel(px: number, py: number, size: number): [number, number, number, number] {
  const acc = [0, 0, 0, 0];
  for (let sy = 0; sy < SUPERSAMPLE; sy++) {
    for (let sx = 0; sx < SUPERSAMPLE; sx++) {
      const x = (px + (sx + 0.5) / SUPERSAMPLE) / size;
      const y = (py + (sy + 0.5) / SUPERSAMPLE) / size;
      let colour: Rgb | null = null;
      for (const [shape, rgb] of LAYERS) if (shape(x, y)) colour = rgb;
      if (colour) {
        acc[0]! += colour[0];
        acc[1]! += colour[1];
        acc[2]! += colour[2];
        acc[3]! += 1;
      }
    }
  }
  const n = acc[3]!;
  if (n === 0) return [0, 0, 0, 0];
  const alpha = Math.round((255 * n) / SUPERSAMPLE ** 2);
  return [Math.round(acc[0]! / n), Math.round(acc[1]! / n), Math.round(acc[2]! / n), alpha];
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** An RGBA PNG of the icon at `size` px. */
export function renderIcon(size: number): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4); // filter byte 0 (None), then RGBA
    for (let x = 0; x < size; x++) Buffer.from(pixel(x, y, size)).copy(row, 1 + x * 4);
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit, RGBA, deflate, no filter method, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (require.main === module) {
  for (const size of ICON_SIZES) {
    const file = join(__dirname, '..', 'addin', 'assets', `icon-${size}.png`);
    writeFileSync(file, renderIcon(size));
    console.log(`wrote ${file}`);
  }
}
