/**
 * Calibration (reliability) curves: do rows given probability p turn out positive p of the
 * time? Bins as scikit-learn's `calibration_curve` makes them, so our curves match its values.
 */
import { sortedQuantile } from './bootstrap';

export type CalibrationStrategy = 'uniform' | 'quantile';

export interface CalibrationCurve {
  /** Share of positives in each non-empty bin. */
  probTrue: number[];
  /** Mean predicted probability in each non-empty bin. */
  probPred: number[];
  /** Rows in each non-empty bin. */
  counts: number[];
}

/**
 * The calibration curve of `prob` (probability of the positive class) against `yTrue` (1 =
 * positive, anything else negative) in `nBins` bins of equal width ('uniform') or equal rows
 * ('quantile'). Empty bins are dropped, as in scikit-learn.
 */
export function calibrationCurve(
  yTrue: ArrayLike<number>,
  prob: ArrayLike<number>,
  nBins = 10,
  strategy: CalibrationStrategy = 'uniform',
  /** The probabilities sorted ascending, when the caller has them (quantile bins need them). */
  sortedProb?: ArrayLike<number>,
): CalibrationCurve {
  const n = yTrue.length;
  const edges: number[] = [];
  if (strategy === 'uniform') {
    for (let b = 0; b <= nBins; b++) edges.push(b / nBins);
  } else {
    const sorted = sortedProb ?? Float64Array.from({ length: n }, (_, i) => prob[i]!).sort();
    for (let b = 0; b <= nBins; b++) edges.push(sortedQuantile(sorted, b / nBins));
  }
  // np.searchsorted(edges[1:-1], p) (side 'left', as scikit-learn 1.2): the inner edges < p. A
  // probability equal to an edge falls in the bin below it.
  const inner = edges.slice(1, -1);
  const sums = new Float64Array(nBins);
  const trues = new Float64Array(nBins);
  const totals = new Float64Array(nBins);
  for (let i = 0; i < n; i++) {
    const p = prob[i]!;
    let lo = 0;
    let hi = inner.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (inner[mid]! < p) lo = mid + 1;
      else hi = mid;
    }
    sums[lo]! += p;
    trues[lo]! += yTrue[i] === 1 ? 1 : 0;
    totals[lo]! += 1;
  }
  const out: CalibrationCurve = { probTrue: [], probPred: [], counts: [] };
  for (let b = 0; b < nBins; b++) {
    if (totals[b] === 0) continue;
    out.probTrue.push(trues[b]! / totals[b]!);
    out.probPred.push(sums[b]! / totals[b]!);
    out.counts.push(totals[b]!);
  }
  return out;
}

/** Mean squared difference between the probability and the 0/1 outcome (lower is better). */
export function brierScore(yTrue: ArrayLike<number>, prob: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += (prob[i]! - (yTrue[i] === 1 ? 1 : 0)) ** 2;
  return yTrue.length ? s / yTrue.length : NaN;
}
