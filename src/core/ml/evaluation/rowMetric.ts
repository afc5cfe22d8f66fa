/**
 * A metric of any subset of a held-out set's rows (by index, with repeats): what bootstrap
 * intervals, segments and paired comparisons recompute many times.
 */
import { metricValue } from '../../lifecycle/kpiEvaluation';
import { classificationMetrics, regressionMetrics } from '../metrics';
import type { MetricName, SplitMetrics, Task } from '../types';
import type { RowMetric } from './bootstrap';

/** Predictions of one model on one held-out set, in the form the pipeline keeps. */
export interface ScoredRows {
  task: Task;
  /** Classes, or 1. */
  width: number;
  y: ArrayLike<number>;
  /** rows × width. */
  predicted: ArrayLike<number>;
}

/** All metrics of `rows` (indices into `s`). */
export function metricsOfRows(s: ScoredRows, rows: ArrayLike<number>): SplitMetrics {
  const n = rows.length;
  const w = s.width;
  if (s.task === 'classification') {
    const y = new Int32Array(n);
    const p = new Float32Array(n * w);
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      y[i] = s.y[r]!;
      for (let k = 0; k < w; k++) p[i * w + k] = s.predicted[r * w + k]!;
    }
    return { task: 'classification', ...classificationMetrics(y, p, w) };
  }
  const y = new Float64Array(n);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = s.y[rows[i]!]!;
    p[i] = s.predicted[rows[i]!]!;
  }
  return { task: 'regression', ...regressionMetrics(y, p) };
}

/**
 * `metric` of a subset of rows, NaN where it is undefined (e.g. one class in the subset). The
 * metrics a bootstrap resamples most are computed directly in one pass (the full set of
 * metrics sorts for ROC AUC, which a thousand resamples cannot afford); the others fall back to
 * metricsOfRows. The tests check both paths agree.
 */
export function rowMetric(s: ScoredRows, metric: MetricName): RowMetric {
  const full: RowMetric = (rows) =>
    rows.length ? (metricValue(metricsOfRows(s, rows), metric) ?? NaN) : NaN;
  if (s.task === 'classification') {
    if (!CONFUSION_METRICS.has(metric)) return full;
    // Each row's predicted class, found once for all the resamples.
    const argmax = Int32Array.from({ length: s.y.length }, (_, i) => predictedClassOf(s, i));
    return (rows) => (rows.length ? fromConfusion(s, argmax, rows, metric) : NaN);
  }
  if (!FAST_REGRESSION.has(metric)) return full;
  return (rows) => (rows.length ? regressionFast(s, rows, metric) : NaN);
}

const CONFUSION_METRICS: ReadonlySet<MetricName> = new Set<MetricName>([
  'accuracy',
  'balancedAccuracy',
  'precisionMacro',
  'recallMacro',
  'f1Macro',
  'f1Weighted',
]);
const FAST_REGRESSION: ReadonlySet<MetricName> = new Set<MetricName>([
  'mae',
  'rmse',
  'r2',
  'mape',
  'explainedVariance',
]);

function fromConfusion(
  s: ScoredRows,
  argmax: Int32Array,
  rows: ArrayLike<number>,
  metric: MetricName,
): number {
  const w = s.width;
  const cm = new Float64Array(w * w);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    cm[s.y[r]! * w + argmax[r]!]!++;
  }
  const n = rows.length;
  let correct = 0;
  const support = new Float64Array(w);
  const predicted = new Float64Array(w);
  for (let a = 0; a < w; a++) {
    correct += cm[a * w + a]!;
    for (let b = 0; b < w; b++) {
      support[a]! += cm[a * w + b]!;
      predicted[b]! += cm[a * w + b]!;
    }
  }
  if (metric === 'accuracy') return correct / n;
  const mean = (v: number[]) => (v.length ? v.reduce((x, y) => x + y, 0) / v.length : NaN);
  const recall = (c: number) => (support[c]! > 0 ? cm[c * w + c]! / support[c]! : 0);
  const precision = (c: number) => (predicted[c]! > 0 ? cm[c * w + c]! / predicted[c]! : 0);
  const f1 = (c: number) => {
    const p = precision(c);
    const q = recall(c);
    return p + q > 0 ? (2 * p * q) / (p + q) : 0;
  };
  const classes = Array.from({ length: w }, (_, c) => c);
  // As scikit-learn: macro averages over labels present in the truth or the predictions.
  const present = classes.filter((c) => support[c]! > 0 || predicted[c]! > 0);
  switch (metric) {
    case 'balancedAccuracy':
      return mean(classes.filter((c) => support[c]! > 0).map(recall));
    case 'precisionMacro':
      return mean(present.map(precision));
    case 'recallMacro':
      return mean(present.map(recall));
    case 'f1Macro':
      return mean(present.map(f1));
    default:
      return classes.reduce((a, c) => a + (f1(c) * support[c]!) / n, 0);
  }
}

function regressionFast(s: ScoredRows, rows: ArrayLike<number>, metric: MetricName): number {
  const n = rows.length;
  let meanT = 0;
  let meanD = 0;
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    meanT += s.y[r]!;
    meanD += s.y[r]! - s.predicted[r]!;
  }
  meanT /= n;
  meanD /= n;
  let sse = 0;
  let sae = 0;
  let sape = 0;
  let sst = 0;
  let varD = 0;
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    const t = s.y[r]!;
    const d = t - s.predicted[r]!;
    sse += d * d;
    sae += Math.abs(d);
    sape += Math.abs(d) / Math.max(Math.abs(t), Number.EPSILON);
    sst += (t - meanT) ** 2;
    varD += (d - meanD) ** 2;
  }
  const finite = (num: number, den: number) => (den === 0 ? (num === 0 ? 1 : 0) : 1 - num / den);
  switch (metric) {
    case 'mae':
      return sae / n;
    case 'rmse':
      return Math.sqrt(sse / n);
    case 'mape':
      return sape / n;
    case 'r2':
      return finite(sse, sst);
    default:
      return finite(varD, sst);
  }
}

/** Per-row correctness (classification: the argmax class is the true one). */
export function predictedClassOf(s: ScoredRows, row: number): number {
  const w = s.width;
  let best = 0;
  for (let k = 1; k < w; k++) if (s.predicted[row * w + k]! > s.predicted[row * w + best]!) best = k;
  return best;
}
