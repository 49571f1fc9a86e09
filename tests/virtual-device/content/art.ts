/**
 * Procedural pictures for the device's photos and wallpapers: every seed draws a different scene (sky
 * gradient, sun, hills, shapes, grain), so the photos are visibly distinct when a browser shows them.
 */
import type { JpegImage } from './jpeg.ts';
import { Rng } from './random.ts';

type Color = [number, number, number];

const PALETTES: Array<{ sky: [Color, Color]; ground: [Color, Color]; sun: Color }> = [
  { sky: [[40, 90, 170], [170, 210, 240]], ground: [[40, 110, 50], [110, 160, 70]], sun: [255, 240, 190] },
  { sky: [[60, 30, 90], [250, 140, 80]], ground: [[50, 30, 40], [120, 60, 50]], sun: [255, 200, 120] },
  { sky: [[10, 20, 50], [60, 80, 140]], ground: [[15, 20, 30], [50, 60, 80]], sun: [240, 240, 255] },
  { sky: [[120, 170, 210], [230, 240, 250]], ground: [[200, 190, 150], [240, 225, 180]], sun: [255, 255, 230] },
  { sky: [[90, 120, 160], [200, 200, 210]], ground: [[70, 80, 90], [150, 150, 160]], sun: [250, 250, 250] },
  { sky: [[250, 160, 120], [255, 220, 170]], ground: [[30, 80, 110], [60, 140, 170]], sun: [255, 250, 210] },
];

const mix = (a: number, b: number, t: number): number => a + (b - a) * t;
const clamp = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : v);

/** Draws one deterministic scene of the given size. */
export function drawScene(width: number, height: number, ...seed: string[]): JpegImage {
  const rng = new Rng('scene', ...seed);
  const palette = rng.pick(PALETTES);
  const tint: Color = [rng.int(-25, 25), rng.int(-25, 25), rng.int(-25, 25)];
  const horizon = height * (0.45 + rng.next() * 0.3);
  const sun = { x: width * rng.next(), y: horizon * (0.2 + rng.next() * 0.6), r: Math.min(width, height) * (0.05 + rng.next() * 0.1) };
  const hills = Array.from({ length: rng.int(1, 3) }, () => ({
    amplitude: height * (0.03 + rng.next() * 0.1), period: width * (0.3 + rng.next()), phase: rng.next() * 6.283, offset: rng.next() * 0.15,
  }));
  const shapes = Array.from({ length: rng.int(2, 7) }, () => ({
    x: rng.next() * width, y: horizon + rng.next() * (height - horizon), r: Math.min(width, height) * (0.02 + rng.next() * 0.08),
    color: [rng.int(20, 240), rng.int(20, 240), rng.int(20, 240)] as Color,
  }));
  const grain = rng.int(2, 10);
  const noise = new Rng('grain', ...seed);
  const rgb = new Uint8Array(width * height * 3);
  // The ridge line depends only on the column: compute it once per column, not per pixel.
  const ridges = new Float64Array(width);
  for (let x = 0; x < width; x++) {
    ridges[x] = hills.reduce((top, h) => Math.min(top, horizon - h.offset * height - h.amplitude * (1 + Math.sin(x / h.period * 6.283 + h.phase))), horizon);
  }
  const sunR2 = sun.r * sun.r;
  const glowR2 = 9 * sunR2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let color: Color;
      const ridge = ridges[x] as number;
      if (y < ridge) {
        const t = y / ridge;
        color = [mix(palette.sky[0][0], palette.sky[1][0], t), mix(palette.sky[0][1], palette.sky[1][1], t), mix(palette.sky[0][2], palette.sky[1][2], t)];
        const d2 = (x - sun.x) ** 2 + (y - sun.y) ** 2;
        if (d2 < sunR2) color = [...palette.sun];
        else if (d2 < glowR2) {
          const glow = (1 - (Math.sqrt(d2) - sun.r) / (sun.r * 2)) * 0.5;
          color = [mix(color[0], palette.sun[0], glow), mix(color[1], palette.sun[1], glow), mix(color[2], palette.sun[2], glow)];
        }
      } else {
        const t = (y - ridge) / Math.max(1, height - ridge);
        color = [mix(palette.ground[0][0], palette.ground[1][0], t), mix(palette.ground[0][1], palette.ground[1][1], t), mix(palette.ground[0][2], palette.ground[1][2], t)];
      }
      for (const s of shapes) if ((x - s.x) ** 2 + (y - s.y) ** 2 < s.r * s.r) color = [...s.color];
      const n = (noise.next() - 0.5) * grain * 2;
      const p = (y * width + x) * 3;
      rgb[p] = clamp(color[0] + tint[0] + n);
      rgb[p + 1] = clamp(color[1] + tint[1] + n);
      rgb[p + 2] = clamp(color[2] + tint[2] + n);
    }
  }
  return { width, height, rgb };
}
