/**
 * Minimal baseline JPEG encoder (YCbCr 4:4:4, Annex K quantisation and Huffman tables) for the device's
 * photos: real files that browsers and image libraries decode, generated without any image dependency.
 */

/** What to encode: packed RGB (3 bytes per pixel, row by row). */
export interface JpegImage {
  width: number;
  height: number;
  rgb: Uint8Array;
}

/** Extra segments and settings of an encoded JPEG. */
export interface JpegOptions {
  /** 1..100, IJG scale. */
  quality?: number;
  /** Complete APPn segments (marker included) written after APP0, e.g. Exif and filler. */
  segments?: Buffer[];
}

const ZIGZAG = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
  35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];
const LUMA_QUANT = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
  18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const CHROMA_QUANT = [
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
  ...new Array<number>(32).fill(99),
];

interface HuffmanSpec {
  counts: number[];
  symbols: number[];
}

/** Annex K AC tables list their short codes explicitly; the 16-bit codes are every other symbol in order. */
function acSpec(counts: number[], head: number[]): HuffmanSpec {
  const all = [0x00, 0xf0];
  for (let run = 0; run < 16; run++) for (let size = 1; size <= 10; size++) all.push((run << 4) | size);
  const tail = all.filter((s) => !head.includes(s)).sort((a, b) => a - b);
  return { counts, symbols: [...head, ...tail] };
}

const DC_LUMA: HuffmanSpec = { counts: [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0], symbols: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] };
const DC_CHROMA: HuffmanSpec = { counts: [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0], symbols: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] };
const AC_LUMA = acSpec([0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 125], [
  0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07, 0x22, 0x71, 0x14, 0x32,
  0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0, 0x24, 0x33, 0x62, 0x72, 0x82,
]);
const AC_CHROMA = acSpec([0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 119], [
  0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71, 0x13, 0x22, 0x32, 0x81,
  0x08, 0x14, 0x42, 0x91, 0xa1, 0xb1, 0xc1, 0x09, 0x23, 0x33, 0x52, 0xf0, 0x15, 0x62, 0x72, 0xd1, 0x0a, 0x16, 0x24, 0x34,
  0xe1, 0x25, 0xf1,
]);

interface HuffmanTable {
  code: Uint16Array;
  length: Uint8Array;
}

function buildTable(spec: HuffmanSpec): HuffmanTable {
  const table = { code: new Uint16Array(256), length: new Uint8Array(256) };
  let code = 0;
  let k = 0;
  for (let bits = 1; bits <= 16; bits++) {
    for (let i = 0; i < (spec.counts[bits - 1] as number); i++) {
      const symbol = spec.symbols[k++] as number;
      table.code[symbol] = code++;
      table.length[symbol] = bits;
    }
    code <<= 1;
  }
  return table;
}

const TABLES = {
  dcLuma: buildTable(DC_LUMA), acLuma: buildTable(AC_LUMA), dcChroma: buildTable(DC_CHROMA), acChroma: buildTable(AC_CHROMA),
};

/** Output scale of the AAN fast DCT per frequency: folded into the quantisation divisors. */
const AAN_SCALE = [1, 1.387039845, 1.306562965, 1.175875602, 1, 0.785694958, 0.5411961, 0.275899379];

/** Reciprocal divisors for the AAN DCT output: 1 / (q · scale(u) · scale(v) · 8). */
function divisors(quant: number[]): Float64Array {
  const out = new Float64Array(64);
  for (let v = 0; v < 8; v++) {
    for (let u = 0; u < 8; u++) out[v * 8 + u] = 1 / ((quant[v * 8 + u] as number) * (AAN_SCALE[v] as number) * (AAN_SCALE[u] as number) * 8);
  }
  return out;
}

/** In-place 8-point AAN forward DCT over `data[offset + k·stride]` (Arai, Agui, Nakajima; as in IJG's jfdctflt). */
function dct8(data: Float64Array, offset: number, stride: number): void {
  const i0 = offset, i1 = offset + stride, i2 = offset + 2 * stride, i3 = offset + 3 * stride;
  const i4 = offset + 4 * stride, i5 = offset + 5 * stride, i6 = offset + 6 * stride, i7 = offset + 7 * stride;
  const d0 = data[i0] as number, d1 = data[i1] as number, d2 = data[i2] as number, d3 = data[i3] as number;
  const d4 = data[i4] as number, d5 = data[i5] as number, d6 = data[i6] as number, d7 = data[i7] as number;
  const t0 = d0 + d7, t7 = d0 - d7, t1 = d1 + d6, t6 = d1 - d6, t2 = d2 + d5, t5 = d2 - d5, t3 = d3 + d4, t4 = d3 - d4;
  const t10 = t0 + t3, t13 = t0 - t3, t11 = t1 + t2, t12 = t1 - t2;
  data[i0] = t10 + t11;
  data[i4] = t10 - t11;
  const z1 = (t12 + t13) * 0.707106781;
  data[i2] = t13 + z1;
  data[i6] = t13 - z1;
  const o10 = t4 + t5, o11 = t5 + t6, o12 = t6 + t7;
  const z5 = (o10 - o12) * 0.382683433;
  const z2 = 0.5411961 * o10 + z5;
  const z4 = 1.306562965 * o12 + z5;
  const z3 = o11 * 0.707106781;
  const z11 = t7 + z3, z13 = t7 - z3;
  data[i5] = z13 + z2;
  data[i3] = z13 - z2;
  data[i1] = z11 + z4;
  data[i7] = z11 - z4;
}

function scaledQuant(base: number[], quality: number): number[] {
  const q = Math.min(100, Math.max(1, quality));
  const scale = q < 50 ? 5000 / q : 200 - q * 2;
  return base.map((v) => Math.min(255, Math.max(1, Math.floor((v * scale + 50) / 100))));
}

class BitWriter {
  private out = Buffer.alloc(64 * 1024);
  private length = 0;
  private buffer = 0;
  private count = 0;

  /** Appends the low `length` bits of `code` (length ≤ 16). */
  write(code: number, length: number): void {
    this.buffer = ((this.buffer << length) | (code & ((1 << length) - 1))) >>> 0;
    this.count += length;
    while (this.count >= 8) {
      this.count -= 8;
      this.push((this.buffer >>> this.count) & 0xff);
    }
    this.buffer &= (1 << this.count) - 1;
  }

  /** Pads the last byte with 1 bits, as the standard asks. */
  finish(): Buffer {
    if (this.count > 0) this.write((1 << (8 - this.count)) - 1, 8 - this.count);
    return this.out.subarray(0, this.length);
  }

  private push(byte: number): void {
    if (this.length + 2 > this.out.length) {
      const bigger = Buffer.alloc(this.out.length * 2);
      this.out.copy(bigger);
      this.out = bigger;
    }
    this.out[this.length++] = byte;
    if (byte === 0xff) this.out[this.length++] = 0; // byte stuffing: FF in entropy data is followed by 00
  }
}

function segment(marker: number, body: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(0xff00 | marker, 0);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

/** Encodes an RGB image as a baseline JFIF JPEG (starts FFD8, ends FFD9). */
export function encodeJpeg(image: JpegImage, options: JpegOptions = {}): Buffer {
  const { width, height, rgb } = image;
  const quality = options.quality ?? 85;
  const lumaQ = scaledQuant(LUMA_QUANT, quality);
  const chromaQ = scaledQuant(CHROMA_QUANT, quality);
  const lumaDiv = divisors(lumaQ);
  const chromaDiv = divisors(chromaQ);
  const writer = new BitWriter();
  const block = [new Float64Array(64), new Float64Array(64), new Float64Array(64)];
  const previousDc = [0, 0, 0];
  for (let by = 0; by < height; by += 8) {
    for (let bx = 0; bx < width; bx += 8) {
      for (let y = 0; y < 8; y++) {
        const py = Math.min(height - 1, by + y);
        for (let x = 0; x < 8; x++) {
          const p = (py * width + Math.min(width - 1, bx + x)) * 3;
          const r = rgb[p] as number;
          const g = rgb[p + 1] as number;
          const b = rgb[p + 2] as number;
          block[0]![y * 8 + x] = 0.299 * r + 0.587 * g + 0.114 * b - 128;
          block[1]![y * 8 + x] = -0.168736 * r - 0.331264 * g + 0.5 * b;
          block[2]![y * 8 + x] = 0.5 * r - 0.418688 * g - 0.081312 * b;
        }
      }
      for (let c = 0; c < 3; c++) {
        const luma = c === 0;
        previousDc[c] = encodeBlock(writer, block[c]!, luma ? lumaDiv : chromaDiv, previousDc[c]!,
          luma ? TABLES.dcLuma : TABLES.dcChroma, luma ? TABLES.acLuma : TABLES.acChroma);
      }
    }
  }
  const scan = writer.finish();
  const jfif = Buffer.from([0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 1, 0, 72, 0, 72, 0, 0]);
  const dqt = Buffer.from([0, ...ZIGZAG.map((i) => lumaQ[i] as number), 1, ...ZIGZAG.map((i) => chromaQ[i] as number)]);
  const sof = Buffer.from([8, height >> 8, height & 255, width >> 8, width & 255, 3, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1]);
  const dht = Buffer.concat([[0x00, DC_LUMA], [0x10, AC_LUMA], [0x01, DC_CHROMA], [0x11, AC_CHROMA]].map(
    ([id, spec]) => Buffer.from([id as number, ...(spec as HuffmanSpec).counts, ...(spec as HuffmanSpec).symbols])));
  const sos = Buffer.from([3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]), segment(0xe0, jfif), ...(options.segments ?? []), segment(0xdb, dqt), segment(0xc0, sof),
    segment(0xc4, dht), segment(0xda, sos), scan, Buffer.from([0xff, 0xd9]),
  ]);
}

function category(value: number): number {
  let magnitude = Math.abs(value);
  let bits = 0;
  while (magnitude) {
    bits++;
    magnitude >>= 1;
  }
  return bits;
}

/** Negative values are sent as their one's complement in `size` bits. */
function writeValue(writer: BitWriter, value: number, size: number): void {
  if (size) writer.write(value < 0 ? value + (1 << size) - 1 : value, size);
}

const coefficients = new Int32Array(64);

function encodeBlock(writer: BitWriter, pixels: Float64Array, divisor: Float64Array, previousDc: number,
  dcTable: HuffmanTable, acTable: HuffmanTable): number {
  for (let row = 0; row < 8; row++) dct8(pixels, row * 8, 1);
  for (let column = 0; column < 8; column++) dct8(pixels, column, 8);
  for (let i = 0; i < 64; i++) coefficients[i] = Math.round((pixels[i] as number) * (divisor[i] as number));
  const dc = coefficients[0] as number;
  const diff = dc - previousDc;
  const dcSize = category(diff);
  writer.write(dcTable.code[dcSize] as number, dcTable.length[dcSize] as number);
  writeValue(writer, diff, dcSize);
  let run = 0;
  for (let k = 1; k < 64; k++) {
    const value = coefficients[ZIGZAG[k] as number] as number;
    if (value === 0) {
      run++;
      continue;
    }
    while (run > 15) {
      writer.write(acTable.code[0xf0] as number, acTable.length[0xf0] as number);
      run -= 16;
    }
    const size = category(value);
    const symbol = (run << 4) | size;
    writer.write(acTable.code[symbol] as number, acTable.length[symbol] as number);
    writeValue(writer, value, size);
    run = 0;
  }
  if (run > 0) writer.write(acTable.code[0] as number, acTable.length[0] as number);
  return dc;
}
