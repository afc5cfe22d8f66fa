/**
 * Regression diagnostics of one held-out set: the metrics, residual quantiles and histogram, and
 * a seeded sample of (actual, predicted) points small enough to draw as SVG.
 */
import { regressionMetrics } from '../metrics';
import { createRng } from '../rng';
import type { RegressionMetrics } from '../types';
import { sortedQuantile } from './bootstrap';

export interface HistogramBin {
  from: number;
  to: number;
  count: number;
}

export interface RegressionDiagnostics {
  metrics: RegressionMetrics;
  /** Residual = actual − predicted, at 5%, 25%, 50%, 75% and 95%. */
  residualQuantiles: { q05: number; q25: number; q50: number; q75: number; q95: number };
  histogram: HistogramBin[];
  /** Up to `maxPoints` rows: index into the set, actual, predicted. */
  points: { index: number; actual: number; predicted: number }[];
}

/** Equal-width bins over [min, max] of `values` (one bin when they are all equal). */
export function histogram(values: ArrayLike<number>, bins: number): HistogramBin[] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    min = Math.min(min, values[i]!);
    max = Math.max(max, values[i]!);
  }
  if (!values.length) return [];
  if (min === max) return [{ from: min, to: max, count: values.length }];
  const width = (max - min) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    counts[Math.min(bins - 1, Math.floor((values[i]! - min) / width))]!++;
  }
  return counts.map((count, b) => ({
    from: min + b * width,
    to: b === bins - 1 ? max : min + (b + 1) * width,
    count,
  }));
}

/** Seeded choice of at most `k` of `n` indices, ascending (all of them when n ≤ k). */
export function sampleIndices(n: number, k: number, seed: number): Int32Array {
  if (n <= k) return Int32Array.from({ length: n }, (_, i) => i);
  const rng = createRng(seed);
  // Selection sampling (Knuth's algorithm S): one pass, ascending, exactly k.
  const out = new Int32Array(k);
  let taken = 0;
  for (let i = 0; i < n && taken < k; i++) {
    if ((n - i) * rng() < k - taken) out[taken++] = i;
  }
  return out;
}

/** All diagnostics of `predicted` against `actual`. */
export function regressionDiagnostics(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  options: { bins?: number; maxPoints?: number; seed?: number } = {},
): RegressionDiagnostics {
  const n = actual.length;
  const residuals = Float64Array.from({ length: n }, (_, i) => actual[i]! - predicted[i]!);
  const sorted = residuals.slice().sort();
  const points = Array.from(sampleIndices(n, options.maxPoints ?? 1500, options.seed ?? 0), (index) => ({
    index,
    actual: actual[index]!,
    predicted: predicted[index]!,
  }));
  return {
    metrics: regressionMetrics(actual, predicted),
    residualQuantiles: {
      q05: sortedQuantile(sorted, 0.05),
      q25: sortedQuantile(sorted, 0.25),
      q50: sortedQuantile(sorted, 0.5),
      q75: sortedQuantile(sorted, 0.75),
      q95: sortedQuantile(sorted, 0.95),
    },
    histogram: histogram(residuals, options.bins ?? 30),
    points,
  };
}
