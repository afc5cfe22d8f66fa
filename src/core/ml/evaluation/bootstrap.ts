/**
 * Seeded bootstrap resampling: intervals for any metric computed from row indices. Used for the
 * KPI matrix's 95% intervals and by the paired comparison of two models (paired.ts).
 */
import { createRng, randomInt, type Rng } from '../rng';

/** A metric of a subset of rows, given as indices (with repeats) into the caller's arrays. */
export type RowMetric = (rows: Int32Array) => number;

export interface BootstrapOptions {
  /** Resamples drawn (default 1000). */
  repeats?: number;
  /** Seed of the resampling, so the same data give the same interval. */
  seed?: number;
  /** Coverage of the interval (default 0.95). */
  level?: number;
}

export interface BootstrapInterval {
  /** The metric on all rows. */
  estimate: number;
  /** Lower and upper percentile bounds of the resampled metric. */
  low: number;
  high: number;
  /** Resamples whose metric was a number (NaN ones, e.g. a resample with one class, are dropped). */
  repeats: number;
}

/** Fills `out` with n indices drawn with replacement from 0..n-1. */
export function resampleInto(out: Int32Array, rng: Rng): Int32Array {
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = randomInt(rng, n);
  return out;
}

/** The identity index 0..n-1. */
export function allRows(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/**
 * Linear-interpolated quantile of sorted values (NumPy's default "linear" method), so intervals
 * agree with `np.percentile`.
 */
export function sortedQuantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  const frac = pos - lo;
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * frac;
}

/**
 * Percentile bootstrap interval of `metric` over `n` rows: the metric is recomputed on `repeats`
 * resamples (rows drawn with replacement, seeded) and the (1-level)/2 and (1+level)/2 quantiles
 * are the bounds. With fewer than 2 rows the bounds are NaN.
 */
export function bootstrapInterval(
  n: number,
  metric: RowMetric,
  options: BootstrapOptions = {},
): BootstrapInterval {
  const repeats = options.repeats ?? 1000;
  const level = options.level ?? 0.95;
  const estimate = metric(allRows(n));
  if (n < 2) return { estimate, low: NaN, high: NaN, repeats: 0 };
  const rng = createRng(options.seed ?? 0);
  const idx = new Int32Array(n);
  const values: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const v = metric(resampleInto(idx, rng));
    if (!Number.isNaN(v)) values.push(v);
  }
  const sorted = Float64Array.from(values).sort();
  return {
    estimate,
    low: sortedQuantile(sorted, (1 - level) / 2),
    high: sortedQuantile(sorted, (1 + level) / 2),
    repeats: values.length,
  };
}
