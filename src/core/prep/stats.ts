/** Non-missing values, sorted ascending. */
export function sortedPresent(values: Float64Array): Float64Array {
  const out = values.filter((v) => !Number.isNaN(v));
  return out.sort();
}

/** Quantile with linear interpolation between order statistics (NumPy's default, pandas' too). */
export function quantileSorted(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo]!;
  return a + (sorted[hi]! - a) * (pos - lo);
}

/** Mean and population standard deviation (ddof = 0, as scipy.stats.zscore) of non-missing values. */
export function meanStd(values: Float64Array): { mean: number; std: number; count: number } {
  let count = 0;
  let mean = 0;
  let m2 = 0;
  // Welford's update: one pass, no catastrophic cancellation on large offsets.
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    count++;
    const d = v - mean;
    mean += d / count;
    m2 += d * (v - mean);
  }
  return count === 0 ? { mean: NaN, std: NaN, count } : { mean, std: Math.sqrt(m2 / count), count };
}

/** Most frequent non-missing value; ties go to the smallest (as scikit-learn's most_frequent). */
export function modeOf(values: Float64Array): number {
  const counts = new Map<number, number>();
  for (const v of values) if (!Number.isNaN(v)) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = NaN;
  let bestCount = 0;
  for (const [v, c] of counts) {
    if (c > bestCount || (c === bestCount && v < best)) {
      best = v;
      bestCount = c;
    }
  }
  return best;
}

/** A number for a summary sentence: integers as they are, others to 4 significant digits. */
export function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(4)));
}
