/**
 * ROC and precision–recall points, their areas, from one radix argsort of the scores: what
 * curves.ts computes with a comparator sort per curve, in one O(n) pass after an O(n) sort, so
 * the views of a 200,000-row set stay well under a second. Same conventions as scikit-learn
 * (checked against curves.ts in the tests): a threshold at every distinct score.
 */
import { argsortFloat64 } from '../../explore/argsort';

export interface SortedCurves {
  /** Row indices by ascending score (stable). */
  ascending: Int32Array;
  /** Row indices by descending score. */
  descending: Int32Array;
  fpr: Float64Array;
  tpr: Float64Array;
  /** Precision and recall at each threshold, highest threshold first, then (recall 0, precision 1) first. */
  recall: Float64Array;
  precision: Float64Array;
  auc: number;
  averagePrecision: number;
  positives: number;
}

/** Curves of `score` for rows where `isPositive[i]` is 1. */
export function sortedCurves(isPositive: Uint8Array, score: Float64Array): SortedCurves {
  const n = score.length;
  const ascending = argsortFloat64(score);
  const descending = ascending.slice().reverse();
  let P = 0;
  for (let i = 0; i < n; i++) P += isPositive[i]!;
  const N = n - P;
  const fpr: number[] = [0];
  const tpr: number[] = [0];
  const recall: number[] = [0];
  const precision: number[] = [1];
  let tp = 0;
  let auc = 0;
  let ap = 0;
  let prevTp = 0;
  let prevFp = 0;
  for (let k = 0; k < n; k++) {
    const i = descending[k]!;
    tp += isPositive[i]!;
    const last = k === n - 1 || score[descending[k + 1]!] !== score[i];
    if (!last) continue;
    const fp = k + 1 - tp;
    // Trapezoid in (fp, tp) counts, scaled at the end.
    auc += ((fp - prevFp) * (tp + prevTp)) / 2;
    const prec = tp / (k + 1);
    if (P > 0) ap += ((tp - prevTp) / P) * prec;
    fpr.push(N ? fp / N : NaN);
    tpr.push(P ? tp / P : NaN);
    recall.push(P ? tp / P : 1);
    precision.push(prec);
    prevTp = tp;
    prevFp = fp;
  }
  return {
    ascending,
    descending,
    fpr: Float64Array.from(fpr),
    tpr: Float64Array.from(tpr),
    recall: Float64Array.from(recall),
    precision: Float64Array.from(precision),
    auc: P && N ? auc / (P * N) : NaN,
    averagePrecision: P ? ap : NaN,
    positives: P,
  };
}
