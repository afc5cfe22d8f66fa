/**
 * Gradients on a fixed-point grid, so that histogram sums are exact and therefore the same in any
 * order. Every gradient (and every hessian) of one output is rounded to a multiple of one power of
 * two, `unit`, chosen so that the largest is at most 2^23 units: each value is then an integer
 * times `unit` that a Float32 holds exactly, and a sum of up to 2^30 of them never exceeds 2^53
 * units, which a Float64 holds exactly. Exact sums make the order of addition irrelevant: rows
 * split across workers in any way give bit for bit the histograms, gains and trees of one worker
 * (XGBoost's GPU `hist` makes its sums deterministic the same way, with 64-bit integers).
 *
 * The rounding costs at most unit/2 = max·2^-24 per value, below Float32's own precision for the
 * largest values (log-loss gradients lie in [−1, 1], so about 6e-8).
 */

import type { BoostLoss } from './loss';

/** Fixed-point bits per value: a quantized value is at most 2^BITS units (exact in a Float32). */
const BITS = 23;

/** Largest |g| and largest h of the pairs of rows [from, to) of one output's slice `gh` (n rows). */
export function gradientRange(gh: Float32Array, from: number, to: number): { g: number; h: number } {
  let g = 0;
  let h = 0;
  for (let r = from; r < to; r++) {
    const a = Math.abs(gh[2 * r]!);
    const b = Math.abs(gh[2 * r + 1]!);
    if (a > g) g = a;
    if (b > h) h = b;
  }
  return { g, h };
}

/** The grid step for values up to `max` in magnitude: a power of two with max ≤ 2^23 steps. */
export function quantumFor(max: number): number {
  if (!(max > 0) || !Number.isFinite(max)) return 1;
  // 2^ceil(log2 max) ≥ max; frexp-like via Math.log2 can be off by one near powers of two, so fix it.
  let e = Math.ceil(Math.log2(max));
  while (2 ** e < max) e++;
  while (2 ** (e - 1) >= max) e--;
  return 2 ** (e - BITS);
}

/**
 * Rounds the pairs of rows [from, to) of `gh` (one output's slice) to multiples of `unitG` and
 * `unitH` in place; only the rounding moves a value.
 */
export function quantizeGradients(
  gh: Float32Array,
  from: number,
  to: number,
  unitG: number,
  unitH: number,
): void {
  // Multiplying by the inverse of a power of two is exact, and much cheaper than dividing.
  const perG = 1 / unitG;
  const perH = 1 / unitH;
  for (let r = from; r < to; r++) {
    gh[2 * r] = Math.round(gh[2 * r]! * perG) * unitG;
    gh[2 * r + 1] = Math.round(gh[2 * r + 1]! * perH) * unitH;
  }
}

/**
 * Computes the gradients of rows [from, to) of every output and puts them on the grid: at once
 * when the loss bounds them, else returns each output's largest |g| and h, for the caller to pick
 * the grid over all rows and then quantize.
 */
export function gradientsOnGrid(
  loss: BoostLoss,
  raw: Float64Array,
  y: Float32Array,
  n: number,
  gh: Float32Array,
  from: number,
  to: number,
): { g: number; h: number }[] | null {
  loss.gradients(raw, y, n, gh, from, to);
  const out: { g: number; h: number }[] = [];
  for (let c = 0; c < loss.nOutputs; c++) {
    const ghc = gh.subarray(2 * c * n, 2 * (c + 1) * n);
    if (loss.bounds) quantizeGradients(ghc, from, to, quantumFor(loss.bounds.g), quantumFor(loss.bounds.h));
    else out.push(gradientRange(ghc, from, to));
  }
  return loss.bounds ? null : out;
}
