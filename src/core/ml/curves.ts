/**
 * Threshold curves of a binary score (ROC, precision–recall) and the areas under them, with
 * scikit-learn's conventions so our numbers can be checked against its values.
 */

export interface RocCurve {
  /** False-positive rate at each threshold, from 0 up to 1. */
  fpr: Float64Array;
  /** True-positive rate at each threshold. */
  tpr: Float64Array;
  /** Scores at or above the threshold are predicted positive; the first is +Infinity. */
  thresholds: Float64Array;
}

export interface PrCurve {
  /** Precision, from the lowest threshold up; the last point is (recall 0, precision 1). */
  precision: Float64Array;
  /** Recall, from 1 down to 0. */
  recall: Float64Array;
  /** One fewer than the points: the threshold of each point but the last. */
  thresholds: Float64Array;
}

/** Cumulative counts at each distinct score, highest score first (sklearn `_binary_clf_curve`). */
interface ThresholdCounts {
  tps: Float64Array;
  fps: Float64Array;
  thresholds: Float64Array;
}

function isPositive(yTrue: ArrayLike<number>, i: number, positive: number): boolean {
  return yTrue[i] === positive;
}

function thresholdCounts(
  yTrue: ArrayLike<number>,
  score: ArrayLike<number>,
  positive: number,
): ThresholdCounts {
  const n = yTrue.length;
  if (score.length !== n) {
    throw new Error(`Scores have ${score.length} values but there are ${n} labels: they must match.`);
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(score[i]!))
      throw new Error(`Score of row ${i} is missing (NaN): curves need every score.`);
    order[i] = i;
  }
  order.sort((a, b) => score[b]! - score[a]!);
  const tps: number[] = [];
  const fps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    if (isPositive(yTrue, i, positive)) tp++;
    // Only the last row of a run of tied scores is a threshold: ties cannot be separated.
    const next = k + 1 < n ? score[order[k + 1]!]! : NaN;
    if (k === n - 1 || next !== score[i]) {
      tps.push(tp);
      fps.push(k + 1 - tp);
      thresholds.push(score[i]!);
    }
  }
  return {
    tps: Float64Array.from(tps),
    fps: Float64Array.from(fps),
    thresholds: Float64Array.from(thresholds),
  };
}

/**
 * The ROC curve of `score` for the label `positive` (default 1) against all others. Collinear
 * points are dropped as sklearn's `roc_curve(drop_intermediate=True)` does. With no positive or
 * no negative rows the rates are NaN (the curve is undefined).
 */
export function rocCurve(yTrue: ArrayLike<number>, score: ArrayLike<number>, positive = 1): RocCurve {
  const { tps, fps, thresholds } = thresholdCounts(yTrue, score, positive);
  const m = tps.length;
  const keep: number[] = [];
  for (let i = 0; i < m; i++) {
    if (i === 0 || i === m - 1) {
      keep.push(i);
      continue;
    }
    const d2f = fps[i + 1]! - 2 * fps[i]! + fps[i - 1]!;
    const d2t = tps[i + 1]! - 2 * tps[i]! + tps[i - 1]!;
    if (d2f !== 0 || d2t !== 0) keep.push(i);
  }
  const totalP = m ? tps[m - 1]! : 0;
  const totalN = m ? fps[m - 1]! : 0;
  const fpr = new Float64Array(keep.length + 1);
  const tpr = new Float64Array(keep.length + 1);
  const thr = new Float64Array(keep.length + 1);
  fpr[0] = totalN > 0 ? 0 : NaN;
  tpr[0] = totalP > 0 ? 0 : NaN;
  thr[0] = Infinity;
  keep.forEach((i, j) => {
    fpr[j + 1] = fps[i]! / totalN;
    tpr[j + 1] = tps[i]! / totalP;
    thr[j + 1] = thresholds[i]!;
  });
  return { fpr, tpr, thresholds: thr };
}

/**
 * Precision and recall at every distinct threshold (sklearn `precision_recall_curve`), lowest
 * threshold first, ending at (recall 0, precision 1).
 */
export function prCurve(yTrue: ArrayLike<number>, score: ArrayLike<number>, positive = 1): PrCurve {
  const { tps, fps, thresholds } = thresholdCounts(yTrue, score, positive);
  const m = tps.length;
  const totalP = m ? tps[m - 1]! : 0;
  const precision = new Float64Array(m + 1);
  const recall = new Float64Array(m + 1);
  const thr = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const j = m - 1 - i;
    const predicted = tps[j]! + fps[j]!;
    precision[i] = predicted > 0 ? tps[j]! / predicted : 0;
    recall[i] = totalP > 0 ? tps[j]! / totalP : 1;
    thr[i] = thresholds[j]!;
  }
  precision[m] = 1;
  recall[m] = 0;
  return { precision, recall, thresholds: thr };
}

/** Area under the ROC curve (trapezoids); NaN when only one label is present. */
export function rocAuc(yTrue: ArrayLike<number>, score: ArrayLike<number>, positive = 1): number {
  const { fpr, tpr } = rocCurve(yTrue, score, positive);
  if (Number.isNaN(fpr[0]!) || Number.isNaN(tpr[0]!)) return NaN;
  let area = 0;
  for (let i = 1; i < fpr.length; i++) area += ((fpr[i]! - fpr[i - 1]!) * (tpr[i]! + tpr[i - 1]!)) / 2;
  return area;
}

/**
 * Average precision: the step-wise area under the precision–recall curve (sklearn's definition,
 * no interpolation). NaN when there is no positive row.
 */
export function averagePrecision(yTrue: ArrayLike<number>, score: ArrayLike<number>, positive = 1): number {
  const { precision, recall } = prCurve(yTrue, score, positive);
  let positives = 0;
  for (let i = 0; i < yTrue.length; i++) if (isPositive(yTrue, i, positive)) positives++;
  if (positives === 0) return NaN;
  let ap = 0;
  for (let i = 0; i + 1 < recall.length; i++) ap -= (recall[i + 1]! - recall[i]!) * precision[i]!;
  return ap;
}

/** Column `k` of a row-major n×nClasses probability matrix. */
export function classScores(proba: ArrayLike<number>, nClasses: number, k: number): Float64Array {
  const n = Math.floor(proba.length / nClasses);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = proba[i * nClasses + k]!;
  return out;
}
