/**
 * Deterministic synthetic tables for model tests. `gbdtReference` is mirrored line by line in
 * fixtures/gbdt_reference.py so scikit-learn can score the very same rows.
 */
import { createRng } from '../../../src/core/ml/rng';
import type { Rng } from '../../../src/core/ml/rng';

export function normal(rng: Rng): number {
  // Box–Muller; 1 − u keeps log away from 0.
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export interface Synthetic {
  x: Float32Array;
  y: Float32Array;
  rows: number;
  cols: number;
}

/**
 * Binary task with interactions, a categorical code and an informative missing value:
 * z = 1.5·x0 − x1 + x2·x3 + [x4 = 2] + (x5 missing ? 1 : 0.5·x5), y ~ Bernoulli(sigmoid(z)).
 */
export function gbdtReference(rows: number, seed: number): Synthetic {
  const rng = createRng(seed);
  const cols = 6;
  const x = new Float32Array(rows * cols);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const f = [normal(rng), normal(rng), normal(rng), normal(rng), Math.floor(rng() * 4), normal(rng)];
    const missing = rng() < 0.15;
    const v = f.map((a) => Math.fround(a));
    const z = 1.5 * v[0]! - v[1]! + v[2]! * v[3]! + (v[4] === 2 ? 1 : 0) + (missing ? 1 : 0.5 * v[5]!);
    y[r] = rng() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    x.set(v, r * cols);
    if (missing) x[r * cols + 5] = NaN;
  }
  return { x, y, rows, cols };
}

/** XOR of the signs of two uniform features: no linear model beats chance. */
export function xor(rows: number, seed: number): Synthetic {
  const rng = createRng(seed);
  const x = new Float32Array(rows * 2);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const a = rng() * 2 - 1;
    const b = rng() * 2 - 1;
    x[2 * r] = a;
    x[2 * r + 1] = b;
    y[r] = a * b > 0 ? 1 : 0;
  }
  return { x, y, rows, cols: 2 };
}

/** y = x · coef + intercept + noise·N(0, 1). */
export function linear(
  rows: number,
  coef: number[],
  intercept: number,
  noise: number,
  seed: number,
): Synthetic {
  const rng = createRng(seed);
  const cols = coef.length;
  const x = new Float32Array(rows * cols);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let t = intercept;
    for (let c = 0; c < cols; c++) {
      const v = normal(rng);
      x[r * cols + c] = v;
      t += coef[c]! * Math.fround(v);
    }
    y[r] = t + noise * normal(rng);
  }
  return { x, y, rows, cols };
}

/** Rows [from, to) of a synthetic table. */
export function slice(s: Synthetic, from: number, to: number): Synthetic {
  return { x: s.x.slice(from * s.cols, to * s.cols), y: s.y.slice(from, to), rows: to - from, cols: s.cols };
}
