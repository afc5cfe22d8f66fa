/**
 * The binary decision threshold and what it is worth: counts at each threshold, the value per
 * row from a value matrix (what a true positive, false positive… is worth to the business) and
 * the threshold that maximises it.
 */

/** What each outcome is worth, per row, in the goal's unit (negative = a cost). */
export interface ValueMatrix {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/** Confusion counts when rows with probability ≥ `threshold` are predicted positive. */
export interface ThresholdPoint {
  threshold: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/** The thresholds 0, 1/steps, …, 1 (steps + 1 of them), rounded so that 0.05·k prints as such. */
export function evenThresholds(steps = 100): number[] {
  return Array.from({ length: steps + 1 }, (_, k) => Math.round((k / steps) * 1e9) / 1e9);
}

/**
 * Counts at every threshold in `thresholds`: one sort of the probabilities, then a binary search
 * per threshold, so a fine sweep over 200,000 rows stays cheap. `yTrue` is 1 for positives.
 */
export function thresholdSweep(
  yTrue: ArrayLike<number>,
  prob: ArrayLike<number>,
  thresholds: readonly number[],
  /** Row indices by ascending probability, when the caller has them (a radix argsort). */
  ascending?: Int32Array,
): ThresholdPoint[] {
  const n = yTrue.length;
  const order = ascending ?? Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => prob[a]! - prob[b]!);
  // positivesBelow[k] = positives among the k lowest probabilities.
  const positivesBelow = new Int32Array(n + 1);
  for (let k = 0; k < n; k++) positivesBelow[k + 1] = positivesBelow[k]! + (yTrue[order[k]!] === 1 ? 1 : 0);
  const positives = positivesBelow[n]!;
  return thresholds.map((threshold) => {
    // The first rank whose probability is ≥ threshold.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (prob[order[mid]!]! < threshold) lo = mid + 1;
      else hi = mid;
    }
    const fn = positivesBelow[lo]!;
    const tn = lo - fn;
    const tp = positives - fn;
    const fp = n - lo - tp;
    return { threshold, tp, fp, fn, tn };
  });
}

/** Precision (0 when nothing is predicted positive, as in scikit-learn). */
export function precisionOf(p: ThresholdPoint): number {
  return p.tp + p.fp ? p.tp / (p.tp + p.fp) : 0;
}

/** Recall (0 when there are no positives). */
export function recallOf(p: ThresholdPoint): number {
  return p.tp + p.fn ? p.tp / (p.tp + p.fn) : 0;
}

/** Σ count × value / rows. */
export function valuePerRow(p: ThresholdPoint, value: ValueMatrix): number {
  const rows = p.tp + p.fp + p.fn + p.tn;
  if (!rows) return NaN;
  return (p.tp * value.tp + p.fp * value.fp + p.fn * value.fn + p.tn * value.tn) / rows;
}

/** The point of highest value per row; the lowest threshold wins a tie. */
export function bestThreshold(sweep: readonly ThresholdPoint[], value: ValueMatrix): ThresholdPoint | null {
  let best: ThresholdPoint | null = null;
  let bestValue = -Infinity;
  for (const p of sweep) {
    const v = valuePerRow(p, value);
    if (v > bestValue + 1e-12) {
      best = p;
      bestValue = v;
    }
  }
  return best;
}

/** The point of the sweep nearest to `threshold`. */
export function nearestPoint(sweep: readonly ThresholdPoint[], threshold: number): ThresholdPoint | null {
  let best: ThresholdPoint | null = null;
  for (const p of sweep) {
    if (!best || Math.abs(p.threshold - threshold) < Math.abs(best.threshold - threshold)) best = p;
  }
  return best;
}
