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

/** `metric` of a subset of rows, NaN where it is undefined (e.g. one class in the subset). */
export function rowMetric(s: ScoredRows, metric: MetricName): RowMetric {
  return (rows) => (rows.length ? (metricValue(metricsOfRows(s, rows), metric) ?? NaN) : NaN);
}

/** Per-row correctness (classification: the argmax class is the true one). */
export function predictedClassOf(s: ScoredRows, row: number): number {
  const w = s.width;
  let best = 0;
  for (let k = 1; k < w; k++) if (s.predicted[row * w + k]! > s.predicted[row * w + best]!) best = k;
  return best;
}
