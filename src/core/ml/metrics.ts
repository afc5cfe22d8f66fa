/**
 * Classification and regression metrics, computed as scikit-learn computes them (checked against
 * its values in tests/fixtures/golden). Metric names are the keys of types.ts.
 */
import { averagePrecision, classScores, rocAuc } from './curves';
import type { ClassificationMetrics, RegressionMetrics } from './types';

const EPS64 = 2.220446049250313e-16;
const EPS32 = 1.1920928955078125e-7;

/** The index of the largest of `k` values starting at `offset` (the first one on ties). */
export function argmaxRow(proba: ArrayLike<number>, offset: number, k: number): number {
  let best = 0;
  let bestValue = proba[offset]!;
  for (let c = 1; c < k; c++) {
    const v = proba[offset + c]!;
    if (v > bestValue) {
      bestValue = v;
      best = c;
    }
  }
  return best;
}

function checkInputs(yTrue: Int32Array, proba: ArrayLike<number>, nClasses: number): void {
  if (!Number.isInteger(nClasses) || nClasses < 2) {
    throw new Error(`Classification needs at least 2 classes; got ${nClasses}.`);
  }
  if (yTrue.length === 0) throw new Error('No rows to evaluate: the split is empty.');
  if (proba.length !== yTrue.length * nClasses) {
    throw new Error(
      `Probabilities have ${proba.length} values; ${yTrue.length} rows × ${nClasses} classes need ${yTrue.length * nClasses}.`,
    );
  }
  for (let i = 0; i < yTrue.length; i++) {
    const y = yTrue[i]!;
    if (y < 0 || y >= nClasses) throw new Error(`Row ${i} has class index ${y}, outside 0…${nClasses - 1}.`);
  }
}

/** Rows are true classes, columns predicted classes. */
export function confusionMatrix(yTrue: Int32Array, yPred: Int32Array, nClasses: number): number[][] {
  const m = Array.from({ length: nClasses }, () => new Array<number>(nClasses).fill(0));
  for (let i = 0; i < yTrue.length; i++) m[yTrue[i]!]![yPred[i]!]!++;
  return m;
}

/** The predicted class of each row: the argmax of its probabilities. */
export function predictedClasses(proba: ArrayLike<number>, nClasses: number): Int32Array {
  const n = Math.floor(proba.length / nClasses);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = argmaxRow(proba, i * nClasses, nClasses);
  return out;
}

/**
 * Mean negative log-likelihood. Like sklearn: probabilities are clipped to [eps, 1 − eps] with
 * eps the machine epsilon of the input's dtype, then each row is renormalised to sum to 1.
 */
export function logLoss(yTrue: Int32Array, proba: Float32Array | Float64Array, nClasses: number): number {
  const eps = proba instanceof Float32Array ? EPS32 : EPS64;
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    let sum = 0;
    for (let c = 0; c < nClasses; c++) sum += Math.min(Math.max(proba[i * nClasses + c]!, eps), 1 - eps);
    const p = Math.min(Math.max(proba[i * nClasses + yTrue[i]!]!, eps), 1 - eps) / sum;
    total -= Math.log(p);
  }
  return total / yTrue.length;
}

interface PerClass {
  precision: number[];
  recall: number[];
  f1: number[];
  support: number[];
  predicted: number[];
}

function perClass(confusion: number[][]): PerClass {
  const k = confusion.length;
  const out: PerClass = { precision: [], recall: [], f1: [], support: [], predicted: [] };
  for (let c = 0; c < k; c++) {
    const tp = confusion[c]![c]!;
    let support = 0;
    let predicted = 0;
    for (let j = 0; j < k; j++) {
      support += confusion[c]![j]!;
      predicted += confusion[j]![c]!;
    }
    // sklearn's zero_division default: an undefined ratio counts as 0.
    const precision = predicted > 0 ? tp / predicted : 0;
    const recall = support > 0 ? tp / support : 0;
    const denom = precision + recall;
    out.precision.push(precision);
    out.recall.push(recall);
    out.f1.push(denom > 0 ? (2 * precision * recall) / denom : 0);
    out.support.push(support);
    out.predicted.push(predicted);
  }
  return out;
}

function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
}

function cohenKappa(confusion: number[][], pc: PerClass, n: number): number {
  let observedOff = 0;
  let expectedOff = 0;
  const k = confusion.length;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      if (i === j) continue;
      observedOff += confusion[i]![j]!;
      expectedOff += (pc.support[i]! * pc.predicted[j]!) / n;
    }
  }
  return expectedOff === 0 ? NaN : 1 - observedOff / expectedOff;
}

/** Matthews correlation, multi-class form (sklearn); 0 when either side is constant. */
function mcc(confusion: number[][], pc: PerClass, n: number): number {
  let correct = 0;
  let tp = 0;
  let pp = 0;
  let tt = 0;
  for (let c = 0; c < confusion.length; c++) {
    correct += confusion[c]![c]!;
    tp += pc.support[c]! * pc.predicted[c]!;
    pp += pc.predicted[c]! ** 2;
    tt += pc.support[c]! ** 2;
  }
  const covYtYp = correct * n - tp;
  const covYpYp = n * n - pp;
  const covYtYt = n * n - tt;
  return covYpYp * covYtYt === 0 ? 0 : covYtYp / Math.sqrt(covYtYt * covYpYp);
}

/**
 * All classification metrics of one split. `proba` is row-major n×nClasses; the predicted class
 * is the argmax of each row. Binary tasks score ROC AUC, average precision and Brier on the
 * class-1 column; multi-class ROC AUC is the one-vs-rest macro average over classes that have
 * both positive and negative rows. Undefined values (one class present) are NaN, never a throw.
 */
export function classificationMetrics(
  yTrue: Int32Array,
  proba: Float32Array | Float64Array,
  nClasses: number,
): ClassificationMetrics {
  checkInputs(yTrue, proba, nClasses);
  const n = yTrue.length;
  const yPred = predictedClasses(proba, nClasses);
  const confusion = confusionMatrix(yTrue, yPred, nClasses);
  const pc = perClass(confusion);
  // sklearn averages over the labels that occur in y_true or y_pred, not over every class.
  const present = pc.support.map((s, c) => s > 0 || pc.predicted[c]! > 0);
  const macro = (v: number[]) => mean(v.filter((_, c) => present[c]));
  let correct = 0;
  for (let c = 0; c < nClasses; c++) correct += confusion[c]![c]!;
  let f1Weighted = 0;
  for (let c = 0; c < nClasses; c++) f1Weighted += (pc.f1[c]! * pc.support[c]!) / n;

  let auc = NaN;
  let ap = NaN;
  let brier = NaN;
  if (nClasses === 2) {
    const p1 = classScores(proba, 2, 1);
    auc = rocAuc(yTrue, p1, 1);
    ap = averagePrecision(yTrue, p1, 1);
    brier = 0;
    for (let i = 0; i < n; i++) brier += (p1[i]! - (yTrue[i] === 1 ? 1 : 0)) ** 2;
    brier /= n;
  } else {
    const aucs: number[] = [];
    for (let c = 0; c < nClasses; c++) {
      const a = rocAuc(yTrue, classScores(proba, nClasses, c), c);
      if (!Number.isNaN(a)) aucs.push(a);
    }
    auc = mean(aucs);
  }

  return {
    accuracy: correct / n,
    balancedAccuracy: mean(pc.recall.filter((_, c) => pc.support[c]! > 0)),
    precisionMacro: macro(pc.precision),
    recallMacro: macro(pc.recall),
    f1Macro: macro(pc.f1),
    f1Weighted,
    logLoss: logLoss(yTrue, proba, nClasses),
    rocAuc: auc,
    cohenKappa: cohenKappa(confusion, pc, n),
    mcc: mcc(confusion, pc, n),
    averagePrecision: ap,
    brier,
    confusion,
  };
}

function median(sorted: Float64Array): number {
  const n = sorted.length;
  const mid = n >> 1;
  return n % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Regression metrics of one split (sklearn definitions). R² and explained variance follow
 * sklearn's `force_finite`: a constant target scores 1 when predicted exactly, else 0.
 */
export function regressionMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): RegressionMetrics {
  const n = yTrue.length;
  if (n === 0) throw new Error('No rows to evaluate: the split is empty.');
  if (yPred.length !== n)
    throw new Error(`There are ${yPred.length} predictions for ${n} rows: they must match.`);
  let meanTrue = 0;
  let meanDiff = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(yTrue[i]!) || Number.isNaN(yPred[i]!)) {
      throw new Error(`Row ${i} has a missing target or prediction: drop such rows before scoring.`);
    }
    meanTrue += yTrue[i]!;
    meanDiff += yTrue[i]! - yPred[i]!;
  }
  meanTrue /= n;
  meanDiff /= n;
  let sse = 0;
  let sae = 0;
  let sape = 0;
  let sst = 0;
  let varDiff = 0;
  const abs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = yTrue[i]!;
    const d = t - yPred[i]!;
    sse += d * d;
    abs[i] = Math.abs(d);
    sae += abs[i]!;
    sape += abs[i]! / Math.max(Math.abs(t), EPS64);
    sst += (t - meanTrue) ** 2;
    varDiff += (d - meanDiff) ** 2;
  }
  abs.sort();
  const finite = (num: number, den: number) => (den === 0 ? (num === 0 ? 1 : 0) : 1 - num / den);
  return {
    rmse: Math.sqrt(sse / n),
    mae: sae / n,
    r2: finite(sse, sst),
    mape: sape / n,
    medianAe: median(abs),
    explainedVariance: finite(varDiff, sst),
  };
}
