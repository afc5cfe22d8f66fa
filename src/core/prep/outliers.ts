import type { NumericColumn } from '../table/table';
import { formatNumber, meanStd, quantileSorted, sortedPresent } from './stats';

export interface OutlierBounds {
  readonly lower: number;
  readonly upper: number;
}

/**
 * Fences beyond which a value counts as an outlier: Tukey's [Q1 − k·IQR, Q3 + k·IQR] with
 * linearly interpolated quartiles, or mean ± k·σ with the population σ (scipy.stats.zscore).
 * NaN bounds when the column has no values.
 */
export function outlierBounds(values: Float64Array, method: 'iqr' | 'zscore', k: number): OutlierBounds {
  if (method === 'iqr') {
    const sorted = sortedPresent(values);
    const q1 = quantileSorted(sorted, 0.25);
    const q3 = quantileSorted(sorted, 0.75);
    const iqr = q3 - q1;
    return { lower: q1 - k * iqr, upper: q3 + k * iqr };
  }
  const { mean, std } = meanStd(values);
  return { lower: mean - k * std, upper: mean + k * std };
}

export function describeBounds(b: OutlierBounds): string {
  return `[${formatNumber(b.lower)}, ${formatNumber(b.upper)}]`;
}

/**
 * Limits values to the bounds. Integer columns are clipped to the whole numbers inside the
 * bounds so the column stays integer. Missing values stay missing.
 */
export function clipColumn(c: NumericColumn, b: OutlierBounds): { column: NumericColumn; changed: number } {
  const lower = c.type === 'integer' ? Math.ceil(b.lower) : b.lower;
  const upper = c.type === 'integer' ? Math.floor(b.upper) : b.upper;
  const values = c.values.slice();
  let changed = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < lower) values[i] = lower;
    else if (v > upper) values[i] = upper;
    else continue;
    changed++;
  }
  return { column: { ...c, values }, changed };
}

/** Row indices whose value lies within the bounds or is missing (missing is not an outlier). */
export function rowsWithin(values: Float64Array, b: OutlierBounds): Int32Array {
  const keep: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v) || (v >= b.lower && v <= b.upper)) keep.push(i);
  }
  return Int32Array.from(keep);
}
